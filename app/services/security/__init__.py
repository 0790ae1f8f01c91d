"""安全设置 (security settings): what keeps a shop's accounts from being taken over.

- `authority`  — `LiveAuthority`: every `actor.require()`/`can()` re-reads the account's
  version number, status and session, so revocations bite at the next call on any console.
- `errors`     — the sign-in and session refusals (`SessionEnded`, `SessionLocked`, …).
- `policy`     — sign-in protection per shop with per-sub-account overrides (lockout,
  allowed hours, new-device approval, one session per account, the ad-spam rate).
- `signin`     — the checks a sign-in passes after the password (hours, device, sessions,
  two-step), used by `app.services.accounts.auth`.
- `two_step`   — TOTP for the main account and its one-time recovery codes.
- `adspam`     — `check_ad_spam()`: freezes a sub-account whose sent messages are ads too often.
- `service`    — `SecurityService`, what the security panel and the CLI call.
- `console_role` — the PostgreSQL role a shared-database console connects with.
- `masking`    — phone masking for the log (138****0000).

The operation log's hash chain itself lives in `app.services.common.audit` (every caller
of `record()` is chained).
"""
