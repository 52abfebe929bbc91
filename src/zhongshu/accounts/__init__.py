"""Log-in, lock-out, second factor, password policy and the three administrators."""
