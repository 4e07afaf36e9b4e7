"""Pure rules of the quality certification (no Django): levels, non-conformities, readiness."""
