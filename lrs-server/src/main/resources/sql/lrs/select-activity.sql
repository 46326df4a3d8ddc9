SELECT definition FROM lrs.activity WHERE id = $1
