"""Tests of the PyTorch bridge (skipped when torch is not installed)."""
