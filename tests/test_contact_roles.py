"""Contact roles with ranks: Prextra's "Type de contact" (Comptes à payer / Achats)."""

import re
from contextlib import contextmanager
from unittest.mock import patch

from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged, users
from odoo.tools import mute_logger

from .common import ContactsCase, open_tab


@tagged("standard", "post_install", "-at_install")
class TestContactRoles(ContactsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.role_ap = cls.env.ref("crm_contacts_ext.role_accounts_payable")
        cls.role_purchasing = cls.env.ref("crm_contacts_ext.role_purchasing")
        cls.contact_3 = cls.env["res.partner"].create(
            {"name": "Luc Troisième", "parent_id": cls.customer.id}
        )
        cls.Line = cls.env["res.partner.contact.role.line"]

    def _ranks(self, role):
        lines = self.env["res.partner.contact.role.line"].search(
            [
                ("commercial_partner_id", "=", self.customer.id),
                ("role_id", "=", role.id),
            ]
        )
        return {line.partner_id: line.rank for line in lines}

    def test_shipped_roles(self):
        self.assertEqual(self.role_ap.code, "accounts_payable")
        self.assertEqual(self.role_purchasing.code, "purchasing")
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self.env["res.partner.contact.role"].create(
                {"name": "Achats 2", "code": "purchasing"}
            )

    @users("crm_ext_salesman")
    def test_rank_one_pushes_previous_holders_down(self):
        Line = self.env["res.partner.contact.role.line"]
        role = self.role_purchasing.with_env(self.env)
        Line.create({"partner_id": self.contact.id, "role_id": role.id, "rank": 1})
        Line.create({"partner_id": self.contact_ap.id, "role_id": role.id, "rank": 1})
        self.assertEqual(self._ranks(role), {self.contact_ap: 1, self.contact: 2})
        Line.create({"partner_id": self.contact_3.id, "role_id": role.id, "rank": 1})
        self.assertEqual(
            self._ranks(role), {self.contact_3: 1, self.contact_ap: 2, self.contact: 3}
        )
        # The other role and the other companies are left alone.
        self.assertEqual(self._ranks(self.role_ap), {})

    @users("crm_ext_accountant")
    def test_write_rank_one_closes_gaps(self):
        Line = self.env["res.partner.contact.role.line"]
        role = self.role_ap
        first = Line.create({"partner_id": self.contact.id, "role_id": role.id})
        second = Line.create({"partner_id": self.contact_ap.id, "role_id": role.id})
        third = Line.create(
            {"partner_id": self.contact_3.id, "role_id": role.id, "rank": 5}
        )
        # Without a rank, a new holder comes after the last one; a rank beyond
        # the last is the last (ranks have no gaps: issue 17).
        self.assertEqual((first.rank, second.rank, third.rank), (1, 2, 3))
        second.rank = 1
        # The holder of rank 1 goes to 2.
        self.assertEqual((first.rank, second.rank, third.rank), (2, 1, 3))
        third.rank = 2
        self.assertEqual((first.rank, second.rank, third.rank), (3, 1, 2))

    @users("crm_ext_salesman")
    def test_company_of_a_role_is_its_contacts_company(self):
        """The company a role is ranked in cannot be set apart from its contact:
        given at creation it is ignored, written it is refused unless unchanged."""
        Line = self.env["res.partner.contact.role.line"]
        other = self.env["res.partner"].create({"name": "Autre", "is_company": True})
        line = Line.create(
            {
                "partner_id": self.contact.id,
                "role_id": self.role_ap.id,
                "commercial_partner_id": other.id,
            }
        )
        self.assertEqual(line.commercial_partner_id, self.customer)
        self.assertEqual(self._ranks(self.role_ap), {self.contact: 1})
        with self.assertRaisesRegex(ValidationError, '"Company"'):
            line.write({"commercial_partner_id": other.id})
        # Written as it is (an import of exported lines), it goes through.
        line.write({"commercial_partner_id": self.customer.id, "rank": 1})
        line.invalidate_recordset()
        self.assertEqual(line.commercial_partner_id, self.customer)
        self.assertFalse(other.company_role_line_ids)

    @users("crm_ext_salesman")
    def test_bad_rank_refused_nothing_written(self):
        Line = self.env["res.partner.contact.role.line"]
        for rank in (0, -1):
            with self.assertRaisesRegex(ValidationError, "Rank"):
                Line.create(
                    {
                        "partner_id": self.contact.id,
                        "role_id": self.role_purchasing.id,
                        "rank": rank,
                    }
                )
        self.assertFalse(self.contact.role_line_ids)
        line = Line.create(
            {"partner_id": self.contact.id, "role_id": self.role_purchasing.id}
        )
        with self.assertRaisesRegex(ValidationError, "Rank"):
            line.write({"rank": 0})
        self.assertEqual(line.rank, 1)

    @users("crm_ext_salesman")
    def test_role_on_company_refused(self):
        with self.assertRaisesRegex(ValidationError, "Contact.*company"):
            self.env["res.partner.contact.role.line"].create(
                {
                    "partner_id": self.customer.id,
                    "role_id": self.role_purchasing.id,
                    "rank": 1,
                }
            )
        self.assertFalse(
            self.env["res.partner.contact.role.line"].search(
                [("partner_id", "=", self.customer.id)]
            )
        )
        # Nor can a role holder become a company.
        self.contact.role_line_ids = [
            (0, 0, {"role_id": self.role_purchasing.id, "rank": 1})
        ]
        with self.assertRaisesRegex(ValidationError, "Company"):
            self.contact.is_company = True

    @users("crm_ext_salesman")
    def test_one_line_per_contact_and_role(self):
        Line = self.env["res.partner.contact.role.line"]
        Line.create({"partner_id": self.contact.id, "role_id": self.role_ap.id})
        with self.assertRaisesRegex(ValidationError, "already holds"):
            Line.create({"partner_id": self.contact.id, "role_id": self.role_ap.id})
        self.assertEqual(len(self.contact.role_line_ids), 1)

    def test_database_holds_one_rank_one(self):
        """Even a raw write cannot make two rank-1 holders of a role in a company:
        ranks are counted from the lines' order, two equal sort keys (two users
        saving at once) still give ranks 1 and 2."""
        Line = self.Line
        first = Line.create({"partner_id": self.contact.id, "role_id": self.role_ap.id})
        other = Line.create(
            {"partner_id": self.contact_ap.id, "role_id": self.role_ap.id}
        )
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE res_partner_contact_role_line SET sequence = %s WHERE id = %s",
            [first.sequence, other.id],
        )
        self.env.invalidate_all()
        self.assertEqual(sorted((first | other).mapped("rank")), [1, 2])
        self.assertEqual(
            len(Line.search([("rank", "=", 1), ("id", "in", (first | other).ids)])), 1
        )
        # A rank given between the two equal keys still places the line there.
        third = Line.create(
            {"partner_id": self.contact_3.id, "role_id": self.role_ap.id, "rank": 2}
        )
        self.assertEqual(third.rank, 2)
        self.assertEqual(sorted((first | other | third).mapped("rank")), [1, 2, 3])

    @users("crm_ext_salesman")
    def test_contact_form_tick_role_and_rank(self):
        self.env["res.partner.contact.role.line"].create(
            {"partner_id": self.contact.id, "role_id": self.role_purchasing.id}
        )
        form = Form(self.contact_ap.with_env(self.env))
        open_tab(form, "role_line_ids")
        with form.role_line_ids.new() as line:
            line.role_id = self.role_purchasing
            # The rank is proposed after the company's last one...
            self.assertEqual(line.rank, 2)
            # ...and the salesperson makes this contact the first one.
            line.rank = 1
        form.save()
        self.assertEqual(
            self._ranks(self.role_purchasing), {self.contact_ap: 1, self.contact: 2}
        )

    @users("crm_ext_salesman")
    def test_company_lists_its_contacts_by_role_and_rank(self):
        Line = self.env["res.partner.contact.role.line"]
        Line.create({"partner_id": self.contact.id, "role_id": self.role_purchasing.id})
        Line.create(
            {"partner_id": self.contact_3.id, "role_id": self.role_purchasing.id}
        )
        Line.create(
            {"partner_id": self.contact_ap.id, "role_id": self.role_ap.id, "rank": 1}
        )
        customer = self.customer.with_env(self.env)
        self.assertEqual(customer.company_role_line_count, 3)
        self.assertEqual(
            [
                (ln.role_id, ln.rank, ln.partner_id)
                for ln in customer.company_role_line_ids
            ],
            [
                (self.role_ap, 1, self.contact_ap),
                (self.role_purchasing, 1, self.contact),
                (self.role_purchasing, 2, self.contact_3),
            ],
        )
        action = customer.action_open_company_role_lines()
        lines = Line.search(action["domain"] + [("role_id.code", "=", "purchasing")])
        self.assertEqual(lines.partner_id.ids, [self.contact.id, self.contact_3.id])
        # The contact list filters by role too.
        Partner = self.env["res.partner"]
        self.assertEqual(
            Partner.search(
                [
                    ("parent_id", "=", self.customer.id),
                    ("role_line_ids.role_id.code", "=", "accounts_payable"),
                ]
            ),
            self.contact_ap,
        )

    @users("crm_ext_salesman")
    def test_new_contact_created_with_roles(self):
        """The web client creates the person and its roles in one call."""
        self.env["res.partner.contact.role.line"].create(
            {"partner_id": self.contact.id, "role_id": self.role_purchasing.id}
        )
        # The contacts menu proposes a company by default; the user chose a person.
        partner = (
            self.env["res.partner"]
            .with_context(default_is_company=True)
            .create(
                {
                    "name": "Rose Nouvelle",
                    "company_type": "person",
                    "parent_id": self.customer.id,
                    "role_line_ids": [
                        (0, 0, {"role_id": self.role_purchasing.id, "rank": 1})
                    ],
                }
            )
        )
        self.assertFalse(partner.is_company)
        self.assertEqual(
            self._ranks(self.role_purchasing), {partner: 1, self.contact: 2}
        )

    @users("crm_ext_salesman")
    def test_contacts_imported_in_one_batch_are_ranked_in_order(self):
        """An import creates many contacts with their roles in one call: each
        company's holders are ranked in the file's order, after the existing ones,
        with a rank given in the file honoured."""
        Partner = self.env["res.partner"]
        self.Line.create({"partner_id": self.contact.id, "role_id": self.role_ap.id})
        other = Partner.create({"name": "Cacao Import", "is_company": True})
        role = {"role_id": self.role_ap.id}
        people = Partner.create(
            [
                {
                    "name": "Ana Un",
                    "parent_id": self.customer.id,
                    "role_line_ids": [(0, 0, role)],
                },
                {
                    "name": "Ben Un",
                    "parent_id": other.id,
                    "role_line_ids": [(0, 0, role)],
                },
                {
                    "name": "Cléo Deux",
                    "parent_id": self.customer.id,
                    "role_line_ids": [(0, 0, dict(role, rank=1))],
                },
                {
                    "name": "Dan Deux",
                    "parent_id": other.id,
                    "role_line_ids": [
                        (0, 0, role),
                        (0, 0, {"role_id": self.role_purchasing.id}),
                    ],
                },
                {
                    "name": "Éva Trois",
                    "parent_id": self.customer.id,
                    "role_line_ids": [(0, 0, role)],
                },
            ]
        )
        ana, ben, cleo, dan, eva = people
        self.assertEqual(
            self._ranks(self.role_ap),
            {cleo: 1, self.contact: 2, ana: 3, eva: 4},
        )
        self.assertEqual(
            [
                (line.partner_id, line.role_id, line.rank)
                for line in other.company_role_line_ids.sorted(
                    lambda l: (l.role_id.id, l.rank)
                )
            ],
            sorted(
                [
                    (ben, self.role_ap, 1),
                    (dan, self.role_ap, 2),
                    (dan, self.role_purchasing, 1),
                ],
                key=lambda t: (t[1].id, t[2]),
            ),
        )

    @contextmanager
    def _rows_updated(self, table):
        """Count the rows of ``table`` updated by the statements run inside."""
        cursor_class, rows = type(self.env.cr), [0]
        execute = cursor_class.execute
        update = re.compile(rf'\s*UPDATE "?{table}"?\s')

        def counting_execute(cr, query, params=None, log_exceptions=True):
            result = execute(cr, query, params, log_exceptions)
            if update.match(str(getattr(query, "code", query))):
                rows[0] += cr._obj.rowcount
            return result

        with patch.object(cursor_class, "execute", counting_execute):
            yield rows

    @users("crm_ext_salesman")
    def test_import_with_roles_writes_each_contact_once(self):
        """Contacts imported with their roles are written as often as without:
        each new row of res_partner updated once after its insert (its computed
        fields), not twice. Before, ranking the roles wrote part of the computed
        fields and the flush the rest: a second UPDATE of every new contact,
        each updating all the indexes of res_partner. The role lines are
        inserted whole, not updated after (their company was computed late)."""
        Partner = self.env["res.partner"]
        role = {"role_id": self.role_ap.id}
        self.env.flush_all()
        counts = {}
        for kind in ("without roles", "with roles"):
            with (
                self._rows_updated("res_partner") as updated,
                self._rows_updated("res_partner_contact_role_line") as lines_updated,
            ):
                people = Partner.create(
                    [
                        {
                            "name": f"Import {kind} {i}",
                            "parent_id": self.customer.id,
                            "email": f"import{i}@example.com",
                            **(
                                {"role_line_ids": [(0, 0, role)]}
                                if kind == "with roles"
                                else {}
                            ),
                        }
                        for i in range(20)
                    ]
                )
                self.env.flush_all()
            counts[kind] = updated[0]
        self.assertLessEqual(counts["without roles"], 20)
        self.assertEqual(counts["with roles"], counts["without roles"])
        self.assertEqual(lines_updated[0], 0)
        self.assertEqual(len(people.role_line_ids), 20)
        self.assertEqual(len(set(people.role_line_ids.mapped("rank"))), 20)

    def test_import_of_ten_thousand_roles_is_checked_in_one_query(self):
        """An import of 10,000 contacts with a role each checks and ranks them
        in one statement each; given as a list of pairs, PostgreSQL refused it
        ("stack depth limit exceeded") and the whole import failed."""
        Partner, Role = self.env["res.partner"], self.env["res.partner.contact.role"]
        # Contacts not created yet: nobody holds these roles, all rank 1.
        pairs = [
            (Partner.browse(10**8 + i), Role.browse(self.role_ap.id))
            for i in range(10_000)
        ]
        with self.assertQueryCount(1):
            self.Line._check_not_held(pairs)
        # What create asks: the holders' sort keys and the roles held, at once.
        with self.assertQueryCount(1):
            next_sequence, first_sequence = self.Line._sequence_bounds(
                pairs, held=pairs
            )
        self.assertEqual(set(next_sequence.values()), {0})
        self.assertFalse(first_sequence)

    @users("crm_ext_salesman")
    def test_batch_giving_a_role_twice_is_refused(self):
        Partner = self.env["res.partner"]
        with self.assertRaises(ValidationError) as refused:
            Partner.create(
                [
                    {
                        "name": "Fanny Double",
                        "parent_id": self.customer.id,
                        "role_line_ids": [
                            (0, 0, {"role_id": self.role_ap.id}),
                            (0, 0, {"role_id": self.role_ap.id}),
                        ],
                    },
                ]
            )
        self.assertIn("already holds", str(refused.exception))

    @users("crm_ext_salesman")
    def test_contact_moving_company_does_not_steal_rank_one(self):
        other = self.env["res.partner"].create(
            {"name": "Autre Chocolaterie", "is_company": True}
        )
        mover = self.env["res.partner"].create(
            {"name": "Marie Mobile", "parent_id": other.id}
        )
        Line = self.env["res.partner.contact.role.line"]
        Line.create({"partner_id": self.contact.id, "role_id": self.role_ap.id})
        moved = Line.create({"partner_id": mover.id, "role_id": self.role_ap.id})
        self.assertEqual(moved.rank, 1)
        mover.parent_id = self.customer
        self.env.flush_all()
        self.assertEqual(moved.commercial_partner_id, self.customer)
        self.assertEqual(self._ranks(self.role_ap), {self.contact: 1, mover: 2})

    def test_demo_folies_au_chocolat(self):
        """The Prextra card's example: Laura Secord is the second purchasing contact."""
        laura = self.env.ref("crm_contacts_ext.partner_laura_secord")
        marc = self.env.ref("crm_contacts_ext.partner_marc_tremblay")
        self.assertEqual(
            [(line.role_id, line.rank) for line in laura.role_line_ids],
            [(self.role_purchasing, 2)],
        )
        order = self.env["sale.order"].create({"partner_id": laura.parent_id.id})
        self.assertEqual(order.partner_contact_id, marc)

    @users("crm_ext_salesman")
    def test_roles_of_another_company_hidden(self):
        """A contact of a company the user does not work for shows no roles."""
        # Created by the administrator, who is given access to it, not the salesman.
        admin = self.env.ref("base.user_admin")
        other_company = (
            self.env["res.company"].with_user(admin).sudo().create({"name": "Filiale"})
        )
        stranger = (
            self.env["res.partner"]
            .sudo()
            .create({"name": "Étrangère", "company_id": other_company.id})
        )
        self.env["res.partner.contact.role.line"].sudo().create(
            {"partner_id": stranger.id, "role_id": self.role_purchasing.id}
        )
        self.env["res.partner.contact.role.line"].create(
            {"partner_id": self.contact.id, "role_id": self.role_purchasing.id}
        )
        visible = self.env["res.partner.contact.role.line"].search(
            [("role_id", "=", self.role_purchasing.id)]
        )
        self.assertIn(self.contact, visible.partner_id)
        self.assertNotIn(stranger, visible.sudo().partner_id)
