"""The contact card shows the same lists, however they are read.

The web client reads a card with every list of every tab (warnings, roles, the
company's roles, consent history). res.partner.web_read fetches which lines they
hold in one query; a user must see exactly the lines, in the order, that the ORM
gives field by field: archived warnings included, another company's lines left
out, ranks in order.
"""

from lxml import etree

from odoo import SUPERUSER_ID, fields
from odoo.tests import Form, tagged, users

from odoo.addons.crm_contacts_ext.models.res_partner.card_counters import (
    FIGURES_WHEN_SHOWN,
)

from .common import ContactsCase

CARD_LISTS = {
    "partner_warning_ids": {"message": {}, "blocking": {}, "active": {}},
    "role_line_ids": {"role_id": {"fields": {"display_name": {}}}, "rank": {}},
    "company_role_line_ids": {
        "role_id": {"fields": {"display_name": {}}},
        "rank": {},
        "partner_id": {"fields": {"display_name": {}}},
    },
    "consent_ids": {"date": {}, "state": {}, "channel": {}},
}


@tagged("standard", "post_install", "-at_install")
class TestCardRead(ContactsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.other_company = env["res.company"].create({"name": "Autre Chocolat"})
        Warning = env["res.partner.warning"]
        cls.warnings = Warning.create(
            [
                {"partner_id": cls.customer.id, "message": "Paie en retard"},
                {
                    "partner_id": cls.customer.id,
                    "message": "Bloqué",
                    "blocking": True,
                },
                {
                    "partner_id": cls.customer.id,
                    "message": "Ancien avertissement",
                    "active": False,
                },
                {
                    "partner_id": cls.customer.id,
                    "message": "Réservé à l'autre société",
                    "company_id": cls.other_company.id,
                },
            ]
        )
        purchasing = env.ref("crm_contacts_ext.role_purchasing")
        payable = env.ref("crm_contacts_ext.role_accounts_payable")
        Line = env["res.partner.contact.role.line"]
        Line.create(
            [
                {"partner_id": cls.contact.id, "role_id": purchasing.id},
                {"partner_id": cls.contact_ap.id, "role_id": payable.id},
                {"partner_id": cls.contact_ap.id, "role_id": purchasing.id},
            ]
        )
        # Paul becomes the first purchasing contact: Jeanne moves to rank 2.
        cls.contact_ap.role_line_ids.filtered(
            lambda line: line.role_id == purchasing
        ).rank = 1
        env["res.partner.consent"].create(
            [
                {
                    "partner_id": cls.contact.id,
                    "state": "granted",
                    "legal_basis": "consent",
                    "channel": "email",
                },
                {
                    "partner_id": cls.contact.id,
                    "state": "withdrawn",
                    "channel": "phone",
                },
            ]
        )
        cls.partners = cls.customer | cls.contact | cls.contact_ap

    def _card(self, partners):
        self.env.invalidate_all()
        spec = {name: {"fields": fields} for name, fields in CARD_LISTS.items()}
        return partners.web_read(spec)

    def _expected(self, partners):
        """The lists as the ORM reads them, one field at a time."""
        self.env.invalidate_all()
        return [
            {name: partner[name].ids for name in CARD_LISTS}
            for partner in partners.with_env(self.env)
        ]

    def _assert_same_lists(self, partners):
        card = self._card(partners)
        expected = self._expected(partners)
        self.assertEqual(
            [
                {name: [line["id"] for line in row[name]] for name in CARD_LISTS}
                for row in card
            ],
            expected,
        )
        return card

    @users("crm_ext_salesman", "crm_ext_accountant")
    def test_card_lists_as_the_orm_reads_them(self):
        partners = self.partners.with_env(self.env)
        card = self._assert_same_lists(partners)
        customer, contact, contact_ap = card
        # What the user sees: the archived warning (to switch back on), not the
        # other company's one; the company's roles by role and rank.
        self.assertCountEqual(
            [w["message"] for w in customer["partner_warning_ids"]],
            ["Paie en retard", "Bloqué", "Ancien avertissement"],
        )
        self.assertEqual(
            [
                (line["partner_id"]["display_name"].split(", ")[-1], line["rank"])
                for line in customer["company_role_line_ids"]
                if line["role_id"]["id"]
                == self.env.ref("crm_contacts_ext.role_purchasing").id
            ],
            [("Paul Payable", 1), ("Jeanne Achat", 2)],
        )
        self.assertEqual(
            [event["state"] for event in contact["consent_ids"]],
            [event.state for event in self.contact.with_env(self.env).consent_ids],
        )
        self.assertEqual(len(contact["consent_ids"]), 2)
        self.assertEqual(contact_ap["role_line_ids"][0]["rank"], 1)

    @users("crm_ext_salesman")
    def test_card_of_the_other_company(self):
        """Working in both companies, the user sees both companies' warnings."""
        self.env.user.company_ids |= self.other_company
        partners = self.partners.with_env(
            self.env(context={"allowed_company_ids": self.env.user.company_ids.ids})
        )
        card = self._assert_same_lists(partners)
        self.assertEqual(len(card[0]["partner_warning_ids"]), 4)

    def test_card_lists_read_together(self):
        """One query finds the lines of the four lists, not one per list."""
        partners = self.partners.with_env(self.env)
        self.env.invalidate_all()
        spec = {name: {} for name in CARD_LISTS}
        with self.assertQueryCount(2):  # the partners, then the lines of all lists
            partners.web_read(spec)

    @users("crm_ext_salesman")
    def test_card_roles_in_the_users_language(self):
        """The ranks and role names the card reads with its lists are those the
        ORM gives, in the user's language, an archived role's name included."""
        self.env["res.lang"].sudo()._activate_lang("fr_CA")
        purchasing = self.env.ref("crm_contacts_ext.role_purchasing").sudo()
        purchasing.with_context(lang="fr_CA").name = "Approvisionnement"
        self.env.ref("crm_contacts_ext.role_accounts_payable").sudo().active = False
        env = self.env(context=dict(self.env.context, lang="fr_CA"))
        partners = self.partners.with_env(env)
        card = partners.web_read(
            {name: {"fields": fields} for name, fields in CARD_LISTS.items()}
        )
        env.invalidate_all()
        for row, partner in zip(card, partners, strict=True):
            for name in ("role_line_ids", "company_role_line_ids"):
                self.assertEqual(
                    [
                        (line["role_id"]["display_name"], line["rank"])
                        for line in row[name]
                    ],
                    [(line.role_id.display_name, line.rank) for line in partner[name]],
                )
        self.assertIn(
            ("Approvisionnement", 1),
            [
                (line["role_id"]["display_name"], line["rank"])
                for line in card[2]["role_line_ids"]
            ],
        )

    @users("crm_ext_salesman", "admin")
    def test_card_ranks_and_role_names_read_with_the_lists(self):
        """The ranks and the role names cost the card no query of their own: a
        person's card reads its company (the rules' companies), the card's
        query, the partner (its access check) and the role lines; a company's
        card also its people's names."""
        spec = {
            name: {"fields": CARD_LISTS[name]}
            for name in ("role_line_ids", "company_role_line_ids")
        }
        for partner, expected in ((self.customer, 5), (self.contact_ap, 4)):
            partner = partner.with_env(self.env)
            partner.web_read(spec)  # Odoo's caches of rules and rights filled
            self.env.invalidate_all()
            with self.assertQueryCount(expected):
                card = partner.web_read(spec)
            self.assertTrue(
                all(line["rank"] for line in card[0]["role_line_ids"])
                and all(line["rank"] for line in card[0]["company_role_line_ids"])
            )

    @users("crm_ext_salesman")
    def test_card_opens_without_the_lists_of_its_tabs(self):
        """The card is read as the web client opens it: the lists of its tabs
        come back empty, unread (each is read when its tab is opened, by its
        widget); read on their own, they hold the lines the ORM gives."""
        views = self.env["res.partner"].get_views([(False, "form")])
        arch = etree.fromstring(views["views"]["form"]["arch"])
        deferred = {
            node.get("name"): node.get("widget")
            for node in arch.iter("field")
            if "load_when_shown" in (node.get("context") or "")
        }
        # Every list marked so has the widget that reads it: none stays empty.
        self.assertEqual(deferred, dict.fromkeys(CARD_LISTS, "one2many_when_shown"))
        contact = self.contact.with_env(self.env)
        spec = Form(contact)._view["fields_spec"]
        self.env.invalidate_all()
        [card] = contact.web_read(spec)
        self.assertEqual(
            {name: card[name] for name in CARD_LISTS}, {name: [] for name in CARD_LISTS}
        )
        self.assertTrue(card["consent_state"] != "unknown" and card["name"])
        # What the widget reads when the user opens the Roles tab.
        roles = {**spec["role_line_ids"], "context": {}}
        [tab] = contact.web_read({"role_line_ids": roles})
        self.assertEqual(
            [line["id"] for line in tab["role_line_ids"]], contact.role_line_ids.ids
        )
        self.assertTrue(tab["role_line_ids"])

    def _assert_occasions_as_the_field(self):
        """The card's sales occasions (read with its buttons) are the field's."""
        partners = self.partners.with_env(self.env)
        self.env.invalidate_all()
        card = partners.web_read({"sales_occasion_count": {}, "note_count": {}})
        self.env.invalidate_all()
        self.assertEqual(
            [row["sales_occasion_count"] for row in card],
            [partner.sales_occasion_count for partner in partners],
        )
        return card

    @users("crm_ext_salesman")
    def test_card_buttons_as_the_orm_counts_them(self):
        """A contact's card counts its company's sales occasions, as the field."""
        self.warnings.sudo().active = False
        self.env["sale.order"].create({"partner_id": self.contact.id})
        card = self._assert_occasions_as_the_field()
        self.assertEqual(
            card[1]["sales_occasion_count"], card[0]["sales_occasion_count"]
        )
        self.assertTrue(card[0]["sales_occasion_count"])

    @users("crm_ext_salesman")
    def test_card_counts_only_orders_of_the_users_companies(self):
        """The card's query counts a customer's sales occasions with the user's
        record rules: an order of a company the user does not work for is not
        counted, on the card as by the field."""
        self.warnings.sudo().active = False
        Order = self.env(user=SUPERUSER_ID)["sale.order"]
        # Both the user's own (a salesperson sees own documents only).
        Order.create({"partner_id": self.contact.id, "user_id": self.env.uid})
        Order.with_company(self.other_company).create(
            {
                "partner_id": self.contact.id,
                "company_id": self.other_company.id,
                "user_id": self.env.uid,
            }
        )
        card = self._assert_occasions_as_the_field()
        self.assertEqual(card[0]["sales_occasion_count"], 1)

    @users("admin")
    def test_card_opens_without_the_figures_under_more(self):
        """The card is read without the figures of the buttons a laptop folds
        under "More" (each read by its widget when its button is shown); read
        on their own, they are the ORM's."""
        views = self.env["res.partner"].get_views([(False, "form")])
        arch = etree.fromstring(views["views"]["form"]["arch"])
        # Every figure the server leaves out has the widget that reads it, and
        # none decides whether a button shows.
        when_shown = {
            node.get("name")
            for node in arch.iter("field")
            if (node.get("widget") or "").endswith("_when_shown")
            and node.get("widget") != "one2many_when_shown"
        }
        self.assertEqual(when_shown, set(FIGURES_WHEN_SHOWN))
        self.assertFalse(
            [
                node.get("invisible")
                for node in arch.iter()
                if any(name in (node.get("invisible") or "") for name in when_shown)
            ]
        )
        customer = self.customer.with_env(self.env)
        self.warnings.sudo().active = False  # a blocking one refuses orders
        self.env["sale.order"].create({"partner_id": customer.id})
        start = fields.Datetime.now().replace(microsecond=0)
        self.env["calendar.event"].create(
            {
                "name": "Dégustation",
                "start": start,
                "stop": start,
                "partner_ids": [(4, customer.id)],
            }
        )
        form = Form(customer)
        spec = form._view["fields_spec"]
        self.assertTrue(set(FIGURES_WHEN_SHOWN) <= spec.keys())
        self.env.invalidate_all()
        [card] = customer.web_read(spec)
        # Not computed: None, which the widgets tell from a figure.
        self.assertEqual(
            {name: card[name] for name in FIGURES_WHEN_SHOWN},
            dict.fromkeys(FIGURES_WHEN_SHOWN),
        )
        self.assertEqual(card["name"], customer.name)
        # What the widgets read when the user opens "More": all in one request.
        self.env.invalidate_all()
        [figures] = customer.web_read({name: {} for name in FIGURES_WHEN_SHOWN})
        self.env.invalidate_all()
        self.assertEqual(
            {name: figures[name] for name in FIGURES_WHEN_SHOWN},
            {name: customer[name] for name in FIGURES_WHEN_SHOWN},
        )
        self.assertEqual(
            (figures["meeting_count"], figures["sale_order_count"]), (1, 1)
        )
        # Odoo's form still works on the card: a change is saved.
        form.phone = "514 555 0100"
        form.save()
        self.assertEqual(customer.phone, "+1 514-555-0100")

    @users("admin")
    def test_card_mailing_figures_read_alone(self):
        """The mailing figures read by their widgets are computed by the card's
        query with only those counts, as the fields compute them."""
        customer = self.customer.with_env(self.env)
        names = ["mailing_list_count", "mailing_trace_count"]
        customer.web_read({name: {} for name in names})  # Odoo's caches filled
        self.env.invalidate_all()
        # The two counts (and no other), the partner (its access check) and its
        # company (the rules' companies): not the card's six counts.
        with self.assertQueryCount(3):
            [figures] = customer.web_read({name: {} for name in names})
        self.env.invalidate_all()
        self.assertEqual(
            [figures[name] for name in names], [customer[name] for name in names]
        )
