"""Property-based and stateful (Hypothesis) tests."""
