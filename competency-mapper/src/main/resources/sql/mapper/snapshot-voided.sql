SELECT statement_id, voided_by FROM mapper.voided_statement ORDER BY statement_id
