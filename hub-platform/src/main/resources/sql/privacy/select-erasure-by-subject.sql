SELECT * FROM privacy.erasure WHERE subject = $1
