-- Taken first in every statement-writing transaction: registers the transaction with the readers' commit-order
-- watermark, then claims $1 consecutive seqs and the `stored` stamp of the batch (V51, claim_statement_seqs). No
-- lock is held once it returns; the registration ends with the transaction. A transaction left idle (its LRS
-- process stalled) would hold every reader's watermark back: PostgreSQL ends it after 15 seconds.
-- $1 how many statements the transaction stores
SELECT c.first_seq, c.stored, set_config('idle_in_transaction_session_timeout', '15s', true) AS idle_timeout
FROM lrs.claim_statement_seqs($1::integer) c
