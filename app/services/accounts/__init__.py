"""The shop and its people: the main account, sign-in, sub-accounts, roles and permissions, passwords, remembered credentials."""
