"""The shop's set-up as one JSON file (METRICS.md §8; `zhanggui config export|apply`, 子账号 ›
导出配置 / 导入配置).

- `service.ShopFileService` — `export(actor)` and `apply(actor, text, dry_run=…)`: the whole
  file is checked first (every problem named by its JSON path, `subaccounts[3].bound_phone:
  …`), then applied in one transaction that creates and updates but never deletes, and is
  recorded as one operation-log entry. Applying the same file again changes nothing.
- `registry.SECTIONS` — the file's top-level keys (`shop`, `roles`, `subaccounts`,
  `routing`), one module each; a new section is one class added there.
- `document` — JSON paths, the problem list and typed readers; `changes` — what an apply
  adds or changes (old → new); `context` — what the sections share while planning.

The rules are the services' own: field checks, the quota and who may change what come from
the sub-account, role and routing services. The file never holds a password, a secret, an ID
document or a database URL; sub-accounts it creates have no password (未设密码) until the
main account sets one. See docs/config.md for the schema.
"""
