"""Users giving rank 1 in one company at the same time: neither waits for the
other nor fails (a serialization failure, which Odoo's request layer retries
after sleeping, made a storm under load: issue 19); the one saved last is rank
1, the others follow, nobody is lost.

These tests need transactions that really commit (other cursors cannot see a test's
uncommitted data), so they build their records in their own committed transaction
and delete them at the end.
"""

from odoo import api
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

    def _ranking(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            lines = env["res.partner.contact.role.line"].search(
                [("commercial_partner_id", "=", self.company_id)]
            )
            return {line.partner_id.id: line.rank for line in lines}

    def _users_on_screen(self, count):
        """``count`` transactions, each with the ranking already read: their
        snapshots start before any of them saves."""
        envs = []
        for __ in range(count):
            cr = self.registry.cursor()
            self.addCleanup(cr.close)
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            env["res.partner.contact.role.line"].search(
                [("commercial_partner_id", "=", self.company_id)]
            )
            envs.append(env)
        return envs

    def test_two_users_give_rank_one_at_once(self):
        # The test users are not committed: both transactions run as the superuser;
        # access rights are covered by the other tests.
        env_1, env_2 = self._users_on_screen(2)
        # The first user saves, and has not committed yet...
        self._give_rank_one(env_1, self.first.id)
        env_1.flush_all()
        # ...when the second one saves too: without waiting for the first, and
        # called directly, without Odoo's retries: a serialization failure or
        # a lock wait would fail the test (statement_timeout).
        env_2.cr.execute("SET LOCAL statement_timeout = '5s'")
        self._give_rank_one(env_2, self.second.id)
        env_2.flush_all()
        env_1.cr.commit()
        env_2.cr.commit()
        # Nobody is lost: the second user, who saved last, holds rank 1 and the
        # first one moved to rank 2.
        self.assertEqual(self._ranking(), {self.second.id: 1, self.first.id: 2})

    def test_many_users_give_rank_one_and_no_rank_at_once(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            people = env["res.partner"].create(
                [
                    {"name": f"Personne {i}", "parent_id": self.company_id}
                    for i in range(6)
                ]
            )
            people_ids = people.ids
            # Two holders already: the new ones are ranked among them.
            for partner_id in (self.first.id, self.second.id):
                env["res.partner.contact.role.line"].create(
                    {"partner_id": partner_id, "role_id": self.role_id}
                )
        envs = self._users_on_screen(len(people_ids))
        for index, (env, partner_id) in enumerate(zip(envs, people_ids, strict=True)):
            env.cr.execute("SET LOCAL statement_timeout = '5s'")
            vals = {"partner_id": partner_id, "role_id": self.role_id}
            if index % 2 == 0:
                vals["rank"] = 1
            env["res.partner.contact.role.line"].create(vals)
            env.flush_all()
        for env in envs:
            env.cr.commit()
        ranking = self._ranking()
        # Everybody holds the role, ranked 1..8 without two at one rank; the
        # rank-1 holder is one of those who asked for it.
        self.assertEqual(set(ranking), {self.first.id, self.second.id, *people_ids})
        self.assertEqual(sorted(ranking.values()), list(range(1, 9)))
        rank_one = next(pid for pid, rank in ranking.items() if rank == 1)
        self.assertIn(rank_one, people_ids[0::2])
