SELECT d.id, s.organisation_id, o.name AS organisation, d.event_id, d.event_type, d.event, d.event_time, d.status,
       d.attempts, d.delivered_at
FROM mapper.webhook_delivery d
JOIN mapper.webhook_subscription s ON s.id = d.subscription_id
LEFT JOIN identity.organisation o ON o.id = s.organisation_id
WHERE d.person_id = ANY ($1::uuid[])
ORDER BY d.id
