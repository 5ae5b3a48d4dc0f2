"""Travel expenses for attending mediation (issue 22).

The LA pays reasonable travel expenses for attending mediation: the family claims from their
status page (``ExpenseClaim`` with its ``ExpenseLine`` rows and receipts, which are case
documents scanned like every upload, ``sendresolve.casefiles``); the claim is sent to the LA,
whose officers record it paid or refused with a reason. Amounts are whole pence, totals computed
here, never taken from the browser.
"""
