"""Shared records for the suite, built once per class.

Tests act as the people who use the addon: a salesperson (Sales / User: own
documents only) and an accountant (Invoicing / Billing), not only as the superuser.
"""

import time

from odoo.tests import HttpCase, TransactionCase, new_test_user
from odoo.tests.form import convert_read_to_form

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT
from odoo.addons.crm_contacts_ext.models.res_partner.card_counters import (
    LOAD_WHEN_SHOWN,
)

FRENCH_LANGS = ("fr_FR", "fr_CA")


def open_tab(form, *field_names):
    """Read the lists ``field_names`` into ``form`` as the web client does when
    the user opens their tab of a saved card: the card itself is read without
    them (views: context key ``load_when_shown``; static/src/lines_when_shown),
    and Odoo's Form reads a card as the web client opens it."""
    spec = {}
    for name in field_names:
        field_spec = dict(form._view["fields_spec"][name])
        context = dict(field_spec.get("context") or {})
        assert context.pop(LOAD_WHEN_SHOWN, False), f"{name} is read with the card"
        spec[name] = {**field_spec, "context": context}
    [values] = form._record.web_read(spec)
    form._values.update(convert_read_to_form(values, form._view["fields"]))


class ContactsCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, **DISABLED_MAIL_CONTEXT))
        cls.salesman = new_test_user(
            cls.env,
            login="crm_ext_salesman",
            name="Sophie Vendeuse",
            groups="sales_team.group_sale_salesman,base.group_partner_manager",
        )
        cls.accountant = new_test_user(
            cls.env,
            login="crm_ext_accountant",
            name="Alain Comptable",
            groups="account.group_account_invoice,base.group_partner_manager",
        )
        Partner = cls.env["res.partner"]
        cls.customer = Partner.create(
            {
                "name": "Chocolaterie Test",
                "is_company": True,
                "street": "1 rue du Test",
                "city": "Québec",
                "zip": "G1R 1A1",
                "country_id": cls.env.ref("base.ca").id,
                "state_id": cls.env.ref("base.state_ca_qc").id,
            }
        )
        cls.contact = Partner.create(
            {"name": "Jeanne Achat", "parent_id": cls.customer.id, "type": "contact"}
        )
        cls.contact_ap = Partner.create(
            {"name": "Paul Payable", "parent_id": cls.customer.id, "type": "contact"}
        )


class FrenchCase(ContactsCase):
    """The addon's French terms loaded for the languages users pick (fr.po serves
    fr_FR, fr_CA.po Québec French)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for lang in FRENCH_LANGS:
            cls.env["res.lang"]._activate_lang(lang)
        cls.env["ir.module.module"]._load_module_terms(
            ["crm_contacts_ext"], list(FRENCH_LANGS), overwrite=True
        )


class ConcurrencyCase(ContactsCase):
    """Two users at once, each on a cursor of their own (their records committed)."""

    def _wait_until_blocked(self, cr_pid, timeout=20):
        """Wait until the backend ``cr_pid`` waits for a lock held by another one."""
        deadline = time.monotonic() + timeout
        with self.registry.cursor() as cr:
            while time.monotonic() < deadline:
                cr.execute(
                    "SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s",
                    [cr_pid],
                )
                if cr.fetchone()[0] == "Lock":
                    return True
                cr.rollback()
                time.sleep(0.05)
        return False


class TourCase(HttpCase):
    """A tour of the web client in Chromium, run as an ordinary salesperson (who
    may edit contacts) whose login the test class names."""

    tour_login = None
    tour_lang = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if cls.tour_lang:
            cls.env["res.lang"]._activate_lang(cls.tour_lang)
            cls.env["ir.module.module"]._load_module_terms(
                ["crm_contacts_ext"], [cls.tour_lang], overwrite=True
            )
        cls.salesman = new_test_user(
            cls.env,
            login=cls.tour_login,
            groups="sales_team.group_sale_salesman,base.group_partner_manager",
            **({"lang": cls.tour_lang} if cls.tour_lang else {}),
        )

    def run_tour(self, record, tour):
        """Run the tour ``crm_contacts_ext_<tour>`` from ``record``'s contact card."""
        self.start_tour(
            f"/odoo/contacts/{record.id}",
            f"crm_contacts_ext_{tour}",
            login=self.salesman.login,
        )
