"""Two users giving rank 1 at the same time: one wins, the other is re-ranked.

These tests need transactions that really commit (other cursors cannot see a test's
uncommitted data), so they build their records in their own committed transaction
and delete them at the end.
"""

import threading

from odoo import api
from odoo.service.model import retrying
from odoo.tests import tagged

from .common import ConcurrencyCase


@tagged("standard", "post_install", "-at_install")
class TestRoleConcurrency(ConcurrencyCase):
    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            company = env["res.partner"].create(
                {"name": "Concurrence Chocolat", "is_company": True}
            )
            self.first, self.second = env["res.partner"].create(
                [
                    {"name": "Alice Première", "parent_id": company.id},
                    {"name": "Bruno Second", "parent_id": company.id},
                ]
            )
            self.company_id = company.id
            self.role_id = env.ref("crm_contacts_ext.role_purchasing").id
        self.addCleanup(self._delete_committed_records)

    def _delete_committed_records(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            company = env["res.partner"].browse(self.company_id)
            company.child_ids.role_line_ids.unlink()
            (company.child_ids | company).unlink()

    def _give_rank_one(self, env, partner_id):
        return env["res.partner.contact.role.line"].create(
            {"partner_id": partner_id, "role_id": self.role_id, "rank": 1}
        )

    def test_two_users_give_rank_one_at_once(self):
        # The test users are not committed: both transactions run as the superuser;
        # access rights are covered by the other tests.
        cr_1 = self.registry.cursor()
        cr_2 = self.registry.cursor()
        self.addCleanup(cr_1.close)
        self.addCleanup(cr_2.close)
        env_1 = api.Environment(cr_1, api.SUPERUSER_ID, {})
        env_2 = api.Environment(cr_2, api.SUPERUSER_ID, {})
        # Both users have the (empty) ranking on screen: their snapshots start now.
        for env in (env_1, env_2):
            env["res.partner.contact.role.line"].search(
                [("partner_id", "=", self.first.id)]
            )
        cr_2.execute("SELECT pg_backend_pid()")
        pid_2 = cr_2.fetchone()[0]

        # The first user saves, and has not committed yet...
        self._give_rank_one(env_1, self.first.id)
        env_1.flush_all()

        # ...when the second one saves too, through Odoo's request machinery.
        outcome = {}

        def second_user():
            try:
                outcome["line"] = retrying(
                    lambda: self._give_rank_one(env_2, self.second.id).id, env_2
                )
            except Exception as exc:  # noqa: BLE001  reported by the assertion below
                outcome["error"] = exc

        thread = threading.Thread(target=second_user)
        thread.start()
        # The second transaction waits for the first: it does not win silently.
        self.assertTrue(self._wait_until_blocked(pid_2))
        cr_1.commit()
        thread.join(60)
        self.assertFalse(thread.is_alive())
        self.assertNotIn("error", outcome)

        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            lines = env["res.partner.contact.role.line"].search(
                [("commercial_partner_id", "=", self.company_id)]
            )
            ranks = {line.partner_id.id: line.rank for line in lines}
        # Nobody is lost: the second user, who saved last, holds rank 1 and the
        # first one moved to rank 2.
        self.assertEqual(ranks, {self.second.id: 1, self.first.id: 2})
