"""What each participant needs to take part in a mediation or disagreement resolution meeting
(interpreter, BSL, access, preferred times, how the child or young person gives their views,
a supporter the family names), and the child's views in their own words (issue 22).

The needs are asked in the family's online request, changed by staff and by the family through
their status link, and shown where a meeting is arranged. The child's views are confidential
mediation material: only the provider's staff read them unless the family agrees to share.
"""
