"""Customer notes (issue 21; OpenFire "Notes client: affichées dans la rubrique
note client des devis et planning d'intervention").

The note is kept on the contact's Internal Notes page apart from the internal
note; it is printed on the quotation / order PDF (rendered by wkhtmltopdf, its
text read back), shown on the customer's portal quotation (over HTTP) and with the
appointments of the contact. Empty notes print nothing.
"""

import io

from PyPDF2 import PdfReader

from odoo.tests import Form, HttpCase, TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

SALESMAN_GROUPS = "sales_team.group_sale_salesman,base.group_partner_manager"
COMPANY_NOTE = "Livraison par la porte arrière, jamais le lundi."
PERSON_NOTE = "Demander Jeanne à la réception."
INTERNAL_NOTE = "Client difficile en négociation."


class CustomerNoteMixin:
    @classmethod
    def _set_up_notes(cls):
        cls.salesman = new_test_user(
            cls.env, login="crm_ext_note_salesman", groups=SALESMAN_GROUPS
        )
        Partner = cls.env["res.partner"]
        cls.company = Partner.create(
            {
                "name": "Chocolaterie Notée",
                "is_company": True,
                "customer_note": COMPANY_NOTE,
                "comment": f"<p>{INTERNAL_NOTE}</p>",
            }
        )
        cls.person = Partner.create(
            {
                "name": "Jeanne Notée",
                "parent_id": cls.company.id,
                "customer_note": PERSON_NOTE,
            }
        )
        cls.silent = Partner.create({"name": "Confiserie Muette", "is_company": True})
        cls.product = cls.env["product.product"].create(
            {"name": "Truffes notées", "type": "service", "list_price": 10.0}
        )

    def _order(self, partner):
        return (
            self.env["sale.order"]
            .with_user(self.salesman)
            .create(
                {
                    "partner_id": partner.id,
                    "order_line": [(0, 0, {"product_id": self.product.id})],
                }
            )
        )


@tagged("standard", "post_install", "-at_install")
class TestCustomerNote(CustomerNoteMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_up_notes()

    def test_form_on_internal_notes_page_apart_from_comment(self):
        with Form(self.silent.with_user(self.salesman)) as form:
            form.customer_note = "Sonner deux fois."
        self.assertEqual(self.silent.customer_note, "Sonner deux fois.")
        self.assertFalse(self.silent.comment, "the internal note is another field")
        arch = self.env["res.partner"].get_views([(False, "form")])["views"]["form"]
        self.assertIn(
            'name="customer_note"',
            arch["arch"].split('name="internal_notes"')[1].split("</page>")[0],
            "on the Internal Notes page",
        )

    def test_portal_quotation_shows_the_note(self):
        order = self._order(self.person)
        response = self.url_open(order.get_portal_url())
        self.assertEqual(response.status_code, 200)
        self.assertIn(COMPANY_NOTE, response.text)
        self.assertIn(PERSON_NOTE, response.text)
        self.assertNotIn(INTERNAL_NOTE, response.text)

    def test_portal_quotation_without_note(self):
        order = self._order(self.silent)
        response = self.url_open(order.get_portal_url())
        self.assertEqual(response.status_code, 200)
        self.assertNotIn('id="customer_note"', response.text)

    def test_appointment_shows_the_attendees_notes(self):
        with Form(self.env["calendar.event"].with_user(self.salesman)) as form:
            form.name = "Dégustation"
            form.partner_ids.add(self.person)
            self.assertIn(COMPANY_NOTE, form.partner_customer_note)
        event = form.record
        self.assertIn("Jeanne Notée", event.partner_customer_note)
        self.assertIn(PERSON_NOTE, event.partner_customer_note)
        html, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.salesman)
            ._render_qweb_html(
                "crm_contacts_ext.calendar_event_report_intervention", event.ids
            )
        )
        self.assertIn(PERSON_NOTE, html.decode())
        self.salesman.partner_id.customer_note = "Note d'un utilisateur"
        event.partner_ids = self.salesman.partner_id | self.silent
        self.assertFalse(
            event.partner_customer_note, "users and contacts without note: nothing"
        )


@tagged("standard", "post_install", "-at_install")
class TestCustomerNotePdf(CustomerNoteMixin, TransactionCase):
    """The PDF is printed outside an HttpCase: wkhtmltopdf fetches the report's
    styles from the server, which an HttpCase's test cursor keeps waiting."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_up_notes()

    # Debian's wkhtmltopdf (unpatched Qt) ignores Odoo's header and footer
    # switches; Odoo logs what it says on purpose.
    @mute_logger("odoo.addons.base.models.ir_actions_report")
    def _pdf_text(self, order):
        pdf, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.salesman)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("sale.action_report_saleorder", order.ids)
        )
        self.assertTrue(pdf.startswith(b"%PDF"), "a real PDF, by wkhtmltopdf")
        reader = PdfReader(io.BytesIO(pdf))
        # wkhtmltopdf may break a line anywhere: compare without whitespace.
        return "".join("".join(page.extract_text().split()) for page in reader.pages)

    @staticmethod
    def _squeeze(text):
        return "".join(text.split())

    def test_quotation_pdf_prints_company_then_person_note(self):
        text = self._pdf_text(self._order(self.person))
        self.assertIn(self._squeeze(COMPANY_NOTE), text)
        self.assertIn(self._squeeze(PERSON_NOTE), text)
        self.assertLess(
            text.index(self._squeeze(COMPANY_NOTE)),
            text.index(self._squeeze(PERSON_NOTE)),
        )
        self.assertNotIn(self._squeeze(INTERNAL_NOTE), text, "internal stays internal")

    def test_quotation_pdf_without_note_prints_nothing(self):
        text = self._pdf_text(self._order(self.silent))
        self.assertIn("Truffesnotées", text, "the quotation is printed")
        self.assertNotIn("CustomerNote", text)
