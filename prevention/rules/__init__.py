"""Pure rules of prevention (standard library only): cadences, evaluation, chemicals, DUERP."""
