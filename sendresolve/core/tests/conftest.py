# The RQ task-queue fixture (a real RQ worker against Redis), for the tests here.
from sendresolve.core.tests.rq import rq_tasks  # noqa: F401
