"""The mediation agreement as a document (issue 21): drafted from the recorded outcomes, edited
by the mediator, issued as a signed, tagged PDF with a version number and a verification code,
and confirmed as received by each party; and the one-page summary of the issues still in
dispute, for the family's appeal."""
