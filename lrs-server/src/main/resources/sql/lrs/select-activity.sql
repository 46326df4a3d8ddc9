-- An activity's canonical definition in one organisation's store ($2).
SELECT definition FROM lrs.activity WHERE organisation = $2 AND id = $1
