SELECT * FROM privacy.erasure WHERE id = $1
