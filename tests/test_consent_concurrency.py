"""Two users changing a contact's consent at the same time: nothing is lost.

One user records a withdrawal while another records a grant for the same
contact. Whatever the timing, both events are in the history, and the contact's
consent (what the list of contacts and the mailings go by) is the one of the
event saved last; the user saving second sees no error, Odoo only retries.

These tests need transactions that really commit (other cursors cannot see a
test's uncommitted data), so they build their records in their own committed
transaction and delete them at the end.
"""

import threading
from datetime import timedelta

from odoo import api, fields
from odoo.service.model import retrying
from odoo.tests import tagged

from .common import ConcurrencyCase

EMAIL = "concurrence.consent@example.com"


@tagged("standard", "post_install", "-at_install")
class TestConsentConcurrency(ConcurrencyCase):
    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            partner = env["res.partner"].create(
                {"name": "Camille Concurrence", "email": EMAIL}
            )
            # Consent given last week, on the web form.
            env["res.partner.consent"].create(
                {
                    "partner_id": partner.id,
                    "state": "granted",
                    "legal_basis": "consent",
                    "channel": "web",
                    "date": fields.Datetime.now() - timedelta(days=7),
                }
            )
            self.assertEqual(partner.consent_state, "granted")
            self.partner_id = partner.id
        self.addCleanup(self._delete_committed_records)

    def _delete_committed_records(self):
        with self.registry.cursor() as cr:
            # The history is append-only for everybody: only SQL removes it.
            cr.execute(
                "DELETE FROM res_partner_consent WHERE partner_id = %s",
                [self.partner_id],
            )
            cr.execute("DELETE FROM mail_blacklist WHERE email = %s", [EMAIL])
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            env["res.partner"].browse(self.partner_id).unlink()

    def _record_event(self, env, state):
        """What the consent wizard does."""
        env["res.partner.consent"].create(
            {
                "partner_id": self.partner_id,
                "state": state,
                "legal_basis": "consent" if state == "granted" else False,
                "channel": "phone",
            }
        )

    def _tick_box(self, env, state):
        """What an integration does: write the checkbox of the contact."""
        env["res.partner"].browse(self.partner_id).write(
            {"allow_communication": state == "granted"}
        )

    def _run_at_once(self, first, second):
        """``first`` saves and has not committed when ``second`` saves too."""
        cr_1 = self.registry.cursor()
        cr_2 = self.registry.cursor()
        self.addCleanup(cr_1.close)
        self.addCleanup(cr_2.close)
        # The test users are not committed: both transactions run as the
        # superuser; access rights are covered by the other tests.
        env_1 = api.Environment(cr_1, api.SUPERUSER_ID, {})
        env_2 = api.Environment(cr_2, api.SUPERUSER_ID, {})
        # Both users have the contact on screen: their snapshots start now.
        for env in (env_1, env_2):
            env["res.partner"].browse(self.partner_id).read(["consent_state"])
        cr_2.execute("SELECT pg_backend_pid()")
        pid_2 = cr_2.fetchone()[0]

        first(env_1)
        env_1.flush_all()

        outcome = {}

        def second_user():
            try:
                # Odoo's request machinery: retried on a serialization failure.
                retrying(lambda: second(env_2), env_2)
                outcome["done"] = True
            except Exception as exc:  # noqa: BLE001  reported by the assertion below
                outcome["error"] = exc

        thread = threading.Thread(target=second_user)
        thread.start()
        # The second transaction waits for the first: it does not go on with a
        # snapshot that misses the first event.
        blocked = self._wait_until_blocked(pid_2)
        cr_1.commit()
        thread.join(60)
        self.assertFalse(thread.is_alive())
        self.assertEqual(outcome, {"done": True})
        self.assertTrue(blocked, "the second save did not wait for the first one")

    def _assert_outcome(self, expected_states):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            partner = env["res.partner"].browse(self.partner_id)
            history = partner.consent_ids  # newest first
            self.assertEqual(
                history.sorted(lambda e: (e.date, e.id)).mapped("state"),
                expected_states,
            )
            self.assertEqual(partner.consent_state, expected_states[-1])
            self.assertEqual(partner.consent_state, history[0].state)
            self.assertEqual(partner.consent_date, history[0].date)
            self.assertEqual(
                partner.allow_communication, expected_states[-1] == "granted"
            )
            blacklisted = env["mail.blacklist"].search([("email", "=", EMAIL)])
            self.assertEqual(bool(blacklisted), expected_states[-1] == "withdrawn")
            # What the database holds, not only what this cursor computes.
            cr.execute(
                "SELECT consent_state FROM res_partner WHERE id = %s",
                [self.partner_id],
            )
            self.assertEqual(cr.fetchone()[0], expected_states[-1])

    def test_withdrawal_and_grant_recorded_at_once(self):
        self._run_at_once(
            lambda env: self._record_event(env, "withdrawn"),
            lambda env: self._record_event(env, "granted"),
        )
        self._assert_outcome(["granted", "withdrawn", "granted"])

    def test_grant_and_withdrawal_recorded_at_once(self):
        self._run_at_once(
            lambda env: self._record_event(env, "granted"),
            lambda env: self._record_event(env, "withdrawn"),
        )
        self._assert_outcome(["granted", "granted", "withdrawn"])

    def test_box_unticked_and_ticked_at_once(self):
        # The second one still sees the box ticked: without waiting for the first,
        # its grant would look like no change and be lost.
        self._run_at_once(
            lambda env: self._tick_box(env, "withdrawn"),
            lambda env: self._tick_box(env, "granted"),
        )
        self._assert_outcome(["granted", "withdrawn", "granted"])
