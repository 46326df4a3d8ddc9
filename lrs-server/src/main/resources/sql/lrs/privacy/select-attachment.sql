SELECT sha2, content_type, content FROM lrs.attachment WHERE sha2 = $1
