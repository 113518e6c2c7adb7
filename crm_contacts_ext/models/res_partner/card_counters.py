# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The figures of the card's buttons and the card's lists, read in one query each."""

from collections import defaultdict

from odoo import fields, models
from odoo.tools import SQL

# The card's lists of the addon, fetched together by web_read (see there).
CARD_LINE_FIELDS = (
    "partner_warning_ids",
    "role_line_ids",
    "company_role_line_ids",
    "consent_ids",
)
# The context key the card's form puts on the lists of its tabs (views): web_read
# leaves them empty, their field widget reads them when their tab is opened
# (static/src/lines_when_shown).
LOAD_WHEN_SHOWN = "load_when_shown"
# The figures of the card's buttons that a laptop's screen shows under "More"
# (Odoo's button box holds 4 buttons there, the source ERPs' four first): the
# card's form reads each when its button is shown (static/src/figures_when_shown).
# The web client asks for a figure with an empty specification, which cannot be
# marked: a specification whose lists are marked LOAD_WHEN_SHOWN comes from the
# card's form (the web client's, or odoo.tests.Form), and leaves them out too.
# No figure of a button whose visibility depends on it (Vendor Bills, Company
# Contact Roles...): the form needs it to place its buttons.
FIGURES_WHEN_SHOWN = (
    "meeting_count",
    "sale_order_count",
    "total_invoiced",
    "mailing_list_count",
    "mailing_trace_count",
)
# The figures of the card's buttons (_compute_card_counts), by the kind of their
# rows in the card's query (_card_count_parts).
CARD_COUNT_KINDS = {
    "note_count": "note",
    "activity_report_count": "activity",
    "company_role_line_count": "role",
    "sales_occasion_count": "occasion",
    "mailing_trace_count": "trace",
    "mailing_list_count": "mailing_list",
}
CARD_COUNT_FIELDS = tuple(CARD_COUNT_KINDS)


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    company_role_line_count = fields.Integer(compute="_compute_card_counts")

    note_count = fields.Integer(compute="_compute_card_counts")

    activity_report_count = fields.Integer(
        string="Open Activities", compute="_compute_card_counts"
    )

    sales_occasion_count = fields.Integer(
        string="Sales Occasions",
        compute="_compute_card_counts",
        groups="sales_team.group_sale_salesman",
    )

    mailing_trace_count = fields.Integer(
        compute="_compute_card_counts",
        groups="mass_mailing.group_mass_mailing_user",
    )

    def _compute_card_counts(self):
        """The figures of the card's buttons, in one query for the whole card.

        A company adds its contacts' (and their addresses') notes and activities;
        sales occasions are those of the whole commercial entity; mailing lists
        are those the contact's email is subscribed to. Each count obeys the
        record rules of its model, and is 0 for a user who may not read it.

        Raw SQL because the ORM needs a read_group per count and a child_of per
        family: eleven queries for a company's card, against one (commit 7b77fcc);
        the card's bench target is at most three queries more than plain Odoo.
        When the card is opened, web_read gets these figures in the query of the
        card's lists (_fetch_card_lines): this compute then finds them cached.
        """
        ids = [partner_id for partner_id in self._ids if isinstance(partner_id, int)]
        rows = []
        if ids:
            family, parts = self._card_count_parts(ids)
            if parts:
                rows = self.env.execute_query(
                    SQL("%s %s", family, SQL(" UNION ALL ").join(parts))
                )
        for field, values in self._card_count_values(rows).items():
            for partner, value in zip(self, values, strict=True):
                partner[field] = value

    def _card_count_values(self, rows):
        """{field name: [value of each partner of self]} from the rows of
        _card_count_parts: (kind, partner id, count)."""
        counts = defaultdict(int)
        for kind, partner_id, count, *__ in rows:
            counts[kind, partner_id] = count
        values = defaultdict(list)
        for partner in self:
            # Each count is keyed by the card's own id (the sales occasions of
            # its commercial entity too): reading the partner's fields here
            # would cost the card a query more than its read does.
            pid = partner._origin.id
            for fname, kind in CARD_COUNT_KINDS.items():
                values[fname].append(counts[kind, pid])
        return values

    def _card_count_parts(self, ids, fnames=CARD_COUNT_FIELDS):
        """The card's counts as SQL: (the family CTE, [SELECT of (kind, partner
        id, count) rows]), to be joined by UNION ALL after the CTE.

        :param list ids: the cards' partner ids
        :param fnames: the figures asked for, among CARD_COUNT_FIELDS
        """
        kinds = {CARD_COUNT_KINDS[fname] for fname in fnames}
        Partner = self.with_context(active_test=False)
        family = SQL()
        if kinds & {"note", "activity"}:  # the counts of a company's family
            family = SQL(
                """
            WITH RECURSIVE family(root, id) AS (
                SELECT id, id FROM res_partner WHERE id = ANY(%(ids)s)
                 UNION
                SELECT family.root, child.id
                  FROM res_partner child JOIN family ON child.parent_id = family.id
                 WHERE child.id IN %(visible)s
            )
            """,
                ids=ids,
                visible=Partner._search([]).subselect(),
            )
        parts = []

        def count_by_family(kind, model, search="_search"):
            Model = self.env[model]
            if Model.has_access("read"):
                rows = getattr(Model, search)([]).subselect(
                    SQL.identifier(Model._table, "partner_id")
                )
                # The members' ids as one array (computed once, before): a
                # condition PostgreSQL takes down to the indexes of the counted
                # rows, also through a view (the activity report). A join on
                # the family is not taken down: the rows were read whole.
                parts.append(
                    SQL(
                        "SELECT %s, family.root, count(*) FROM family"
                        " JOIN %s AS counted(partner_id)"
                        "   ON counted.partner_id = family.id"
                        " WHERE counted.partner_id = ANY(ARRAY(SELECT id FROM family))"
                        " GROUP BY family.root",
                        kind,
                        rows,
                    )
                )

        def count_by(kind, model, domain, column):
            Model = self.env[model]
            if Model.has_access("read"):
                query = Model._search(domain)
                query.groupby = SQL.identifier(Model._table, column)
                parts.append(
                    SQL(
                        "(%s)",
                        query.select(
                            SQL("%s", kind),
                            SQL.identifier(Model._table, column),
                            SQL("count(*)"),
                        ),
                    )
                )

        if "note" in kinds:
            count_by_family("note", "res.partner.note")
        if "activity" in kinds:
            # the report's columns a count needs, not the whole report
            count_by_family(
                "activity", "res.partner.activity.report", "_search_to_count"
            )
        if "role" in kinds:
            count_by(
                "role",
                "res.partner.contact.role.line",
                [("commercial_partner_id", "in", ids)],
                "commercial_partner_id",
            )
        Order = self.env["sale.order"]
        if (
            "occasion" in kinds
            and self.env.user._has_group("sales_team.group_sale_salesman")
            and Order.has_access("read")
        ):
            self.flush_model(["commercial_partner_id"])
            parts.append(
                SQL(
                    "SELECT 'occasion', card.id, count(*)"
                    " FROM %s AS sold(partner_id)"
                    " JOIN res_partner customer ON customer.id = sold.partner_id"
                    " JOIN res_partner card"
                    "   ON card.commercial_partner_id = customer.commercial_partner_id"
                    " WHERE card.id = ANY(%s)"
                    " GROUP BY card.id",
                    Order._search([]).subselect(
                        SQL.identifier(Order._table, "partner_id")
                    ),
                    ids,
                )
            )
        if "trace" in kinds and self.env.user._has_group(
            "mass_mailing.group_mass_mailing_user"
        ):
            count_by(
                "trace",
                "mailing.trace",
                [("model", "=", "res.partner"), ("res_id", "in", ids)],
                "res_id",
            )
        Subscription = self.env["mailing.subscription"]
        if (
            "mailing_list" in kinds
            and self.env.user._has_group("mass_mailing.group_mass_mailing_user")
            and Subscription.has_access("read")
        ):
            # The lists the contact's email is on (as Odoo's mailing contacts
            # match partners: by normalized email), whoever subscribed it.
            self.flush_model(["email_normalized"])
            self.env["mailing.contact"].flush_model(["email_normalized"])
            Subscription.flush_model(["contact_id", "list_id", "opt_out"])
            parts.append(
                SQL(
                    "SELECT 'mailing_list', partner.id, count(DISTINCT sub.list_id)"
                    " FROM res_partner partner"
                    " JOIN mailing_contact contact"
                    "   ON contact.email_normalized = partner.email_normalized"
                    " JOIN (%s) AS sub ON sub.contact_id = contact.id"
                    " WHERE partner.id = ANY(%s)"
                    " GROUP BY partner.id",
                    # lists still in use: an archived list sends nothing
                    Subscription._search(
                        [("opt_out", "=", False), ("list_id.active", "=", True)]
                    ).select(
                        SQL.identifier(Subscription._table, "contact_id"),
                        SQL.identifier(Subscription._table, "list_id"),
                    ),
                    ids,
                )
            )
        return family, parts

    def web_read(self, specification):
        """Odoo's web_read, but the lists whose specification carries the
        context key LOAD_WHEN_SHOWN come back empty, unread, and with them the
        figures of FIGURES_WHEN_SHOWN come back None, not computed.

        The web client reads a card with the lists of every tab, though only
        one tab is open, and the figures of every button, though a laptop's
        screen shows four. The card's form marks the lists of its tabs; their
        field widget (one2many_when_shown) reads them with a second web_read,
        without the key, when their tab is opened. The widgets of the figures
        (statinfo_when_shown, monetary_when_shown) read theirs when their
        button is shown, all in one web_read (issue 19: the card read as fast
        as plain Odoo's).

        :param dict specification: {field name: {"fields", "context", ...}}
        :return: list of dicts, one per record, as Odoo's web_read
            (the deferred lists [], the deferred figures None)
        """
        deferred = [
            name
            for name, spec in specification.items()
            if name in self._fields
            and self._fields[name].type in ("one2many", "many2many")
            and ((spec or {}).get("context") or {}).get(LOAD_WHEN_SHOWN)
        ]
        figures = []
        if deferred:
            figures = [name for name in FIGURES_WHEN_SHOWN if name in specification]
            specification = {
                name: spec
                for name, spec in specification.items()
                if name not in deferred and name not in figures
            }
        self._fetch_card_lines(specification)
        result = super().web_read(specification)
        for values in result:
            values.update({name: [] for name in deferred})
            # None, not 0: the web client fills a field missing from the
            # result with its default value, 0, which its widget could not
            # tell from a figure read.
            values.update(dict.fromkeys(figures))
        return result

    def _fetch_card_lines(self, specification):
        """Which lines the card's lists of the addon hold, and the figures of
        its buttons, in one query.

        The web client reads a contact card with every list of every tab: the
        ORM would ask for each list's lines on its own. This does what
        One2many.read does (field domain and context, the comodel's record rules
        and order) for all of them in one statement with the card's counts
        (_compute_card_counts), and leaves the result in the cache, where the
        ORM finds it: +18 queries on a company's card without it, +3 with it
        (bench "open a contact card").
        """
        if not self or not all(isinstance(id_, int) for id_ in self._ids):
            return
        # Every row: (kind, partner or line or role id, value, position, label)
        parts, fields_by_kind, role_lines = [], {}, []
        for name in CARD_LINE_FIELDS:
            if name not in specification:
                continue
            field = self._fields[name]
            comodel = self.env[field.comodel_name].with_context(
                **{"active_test": False, **field.context}
            )
            if not (
                comodel.has_access("read")
                and field.is_accessible(self.env)
                and any(self.env.cache.get_missing_ids(self, field))
            ):
                continue
            query = comodel._search(
                field.get_domain_list(self) + [(field.inverse_name, "in", self.ids)],
                order=comodel._order,
            )
            order, query.order = query.order, None
            kind = f"line{len(parts)}"
            parts.append(
                SQL(
                    "(%s)",
                    query.select(
                        SQL("%s", kind),
                        SQL.identifier(comodel._table, field.inverse_name),
                        SQL.identifier(comodel._table, "id"),
                        SQL("row_number() OVER (ORDER BY %s)", order),
                        SQL("NULL"),
                    ),
                )
            )
            fields_by_kind[kind] = field
            if field.comodel_name == "res.partner.contact.role.line":
                role_lines.append(kind)
        family = SQL()
        count_fields = [
            self._fields[name]
            for name in CARD_COUNT_FIELDS
            if name in specification
            and self._fields[name].is_accessible(self.env)
            and any(self.env.cache.get_missing_ids(self, self._fields[name]))
        ]
        if count_fields:
            family, count_parts = self._card_count_parts(
                list(self._ids), [field.name for field in count_fields]
            )
            parts += [
                SQL("SELECT *, 0, NULL FROM (%s) AS counted", part)
                for part in count_parts
            ]
        role_parts, role_fields = self._card_role_parts(role_lines, specification)
        if not count_fields and len(parts) + len(role_parts) < 2:
            return  # the ORM does as well (it would compute every figure)
        # The rows of the lists and counts are the CTE "card": the ranks and
        # role names are read from the role lines found there, not from the
        # lines' query (and its record rules) repeated for each (PostgreSQL
        # planned it five times: 5 ms more per card read).
        rows = self.env.execute_query(
            SQL(
                "%s %s card(kind, id, value, position, label) AS (%s) "
                "SELECT * FROM card %s",
                family,
                SQL(",") if family else SQL("WITH"),
                SQL(" UNION ALL ").join(parts),
                SQL().join(SQL(" UNION ALL %s", part) for part in role_parts),
            )
        )
        lines = defaultdict(list)
        counts, extras = [], defaultdict(dict)
        for kind, id_, value, position, label in rows:
            if kind in fields_by_kind:
                lines[kind, id_].append((position, value))
            elif kind in role_fields:  # "rank", "role_name"
                extras[kind][id_] = value if label is None else label
            else:
                counts.append((kind, id_, value))
        for kind, values in extras.items():
            records, field = role_fields[kind]
            self.env.cache.insert_missing(
                records.browse(values), field, list(values.values())
            )
        for kind, field in fields_by_kind.items():
            self.env.cache.insert_missing(
                self,
                field,
                [
                    tuple(line_id for __, line_id in sorted(lines[kind, id_]))
                    for id_ in self._ids
                ],
            )
        if count_fields:
            values = self._card_count_values(counts)
            for field in count_fields:
                self.env.cache.insert_missing(self, field, values[field.name])

    def _card_list_fields(self, specification, comodel_name):
        """The fields the card's lists of ``comodel_name`` show, by name."""
        return {
            name
            for list_name in CARD_LINE_FIELDS
            if self._fields[list_name].comodel_name == comodel_name
            for name in (specification.get(list_name) or {}).get("fields") or {}
        }

    def _card_role_parts(self, role_lines, specification):
        """What the card's lists of roles show beside the lines themselves: each
        line's rank, and the names of their roles, as parts of the card's query.

        :param role_lines: the kinds of the rows of the card's CTE "card"
            (see _fetch_card_lines) that are role lines, their ids as value
        :return: ([SQL parts of (kind, id, value, 0, label) rows],
                  {kind: (model, field) the rows' values are cached for})
        """
        if not role_lines:
            return [], {}
        asked = self._card_list_fields(specification, "res.partner.contact.role.line")
        role_name_asked = any(
            "display_name"
            in (
                ((specification.get(name) or {}).get("fields") or {}).get("role_id")
                or {}
            ).get("fields", {})
            for name in CARD_LINE_FIELDS
        )
        fields = {}
        RoleLine = self.env["res.partner.contact.role.line"]
        Role = self.env["res.partner.contact.role"]
        line_ids = SQL(
            "ARRAY(SELECT card.value FROM card WHERE card.kind = ANY(%s))",
            role_lines,
        )
        parts = []
        if "rank" in asked:
            # The ranks, counted as the rank field does (rows "rank", line, rank).
            parts.append(
                SQL(
                    "SELECT 'rank', ranks.*, 0, NULL FROM (%s) AS ranks",
                    RoleLine._ranks_query(line_ids),
                )
            )
            fields["rank"] = (RoleLine, RoleLine._fields["rank"])
        if role_name_asked and Role.has_access("read"):
            # The roles' names, as the web client shows a role (its
            # display_name, in the user's language): else a query of the roles.
            RoleLine.flush_model(["role_id"])
            Role.flush_model(["name"])
            # Roles have no record rules (the access right is checked above)
            # and an archived role keeps its name on the lines that hold it, as
            # the ORM reads it; no company nor time zone in a role's name.
            parts.append(
                SQL(
                    "SELECT 'role_name', role.id, 0, 0, %s"
                    "  FROM res_partner_contact_role role"
                    " WHERE role.id IN ("
                    "   SELECT line.role_id FROM res_partner_contact_role_line line"
                    "    WHERE line.id = ANY(%s))",
                    Role._field_to_sql("role", "name"),
                    line_ids,
                )
            )
            fields["role_name"] = (Role, Role._fields["display_name"])
        return parts, fields
