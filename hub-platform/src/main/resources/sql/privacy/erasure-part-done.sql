UPDATE privacy.erasure SET parts_done = array_append(parts_done, $2)
WHERE id = $1 AND status = 'erasing' AND NOT ($2 = ANY (parts_done))
