"""接待中心: the reception workbench (panel `reception`)."""
