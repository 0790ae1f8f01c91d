"""设置 and 帮助 menus: database (数据库), backups (备份与恢复), diagnostics (诊断) and About."""
