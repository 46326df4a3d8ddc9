SELECT event_id FROM mapper.processed_event
