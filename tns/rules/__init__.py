"""Pure rules of the self-employed offer (TNS): no Django, only the standard library.

- ``cbi``: the Copenhagen Burnout Inventory (Kristensen et al., Work & Stress 2005;19:192-207),
  items and scoring as data, thresholds as parameters;
- ``affiliation``: the one-year affiliation, never tacitly renewed (art. D4622-27-3);
- ``contract``: the JSON contract of ``python -m tns.rules``.

Legal frame: any self-employed worker may join the SPSTI of their choice (art. L4621-3); heads of
member companies may use the offer made to employees (art. L4621-4); the offer and its price grid
are public (art. D4622-27-2).
"""
