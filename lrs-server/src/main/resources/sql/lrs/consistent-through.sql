SELECT now() AS consistent_through
