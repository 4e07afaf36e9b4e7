"""Pure rules of the membership area: no Django import."""
