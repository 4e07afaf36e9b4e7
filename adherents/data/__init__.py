"""Static reference data of the membership area."""
