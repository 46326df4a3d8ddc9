SELECT 1 FROM mapper.voided_statement WHERE statement_id = $1
