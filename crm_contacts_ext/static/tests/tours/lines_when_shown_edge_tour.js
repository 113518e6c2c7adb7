import {registry} from "@web/core/registry";

// A tour from a helper trying to break the lists read when their tab is opened
// (one2many_when_shown): it checks the rows a list shows, exactly.

const ROLES = ".o_notebook .tab-pane.active .o_field_widget[name='role_line_ids']";

function rowTexts(fieldSelector) {
    return [...document.querySelectorAll(`${fieldSelector} .o_data_row`)].map((row) =>
        [row.innerText, ...[...row.querySelectorAll("input")].map((i) => i.value)]
            .join(" ")
            .replace(/\s+/g, " ")
            .trim()
    );
}

function expectRows(fieldSelector, expected, content) {
    // Wait (up to 5 s) for exactly the expected rows.
    return {
        content: content || `rows: ${expected.join(", ") || "none"}`,
        trigger: `${fieldSelector} .o_list_renderer`,
        async run() {
            let rows = [];
            for (let i = 0; i < 50; i++) {
                rows = rowTexts(fieldSelector);
                if (
                    rows.length === expected.length &&
                    expected.every((text) => rows.some((row) => row.includes(text)))
                ) {
                    return;
                }
                await new Promise((resolve) => setTimeout(resolve, 100));
            }
            throw new Error(
                `${content}: ${expected.length} rows expected (${expected.join(" | ")}), ` +
                    `${rows.length} shown: ${rows.join(" | ")}`
            );
        },
    };
}

function openTab(name) {
    return {
        content: `Open tab ${name}`,
        trigger: `.o_notebook .nav-link[name='${name}']`,
        run: "click",
    };
}

const save = [
    {content: "Save", trigger: ".o_form_button_save", run: "click"},
    {content: "Saved", trigger: ".o_form_view .o_form_saved"},
];

function cardOf(name) {
    return {
        content: `Card of ${name}`,
        trigger: `.o_form_view .o_field_widget[name='name'] input:value(${name})`,
    };
}

// 1. Pager: each card its own roles.

// A role added right after a save, while the roles are read again.
registry.category("web_tour.tours").add("crm_contacts_ext_break_save_then_add", {
    steps: () => [
        cardOf("Quick Save"),
        openTab("contact_roles"),
        expectRows(ROLES, ["Purchasing"]),
        {
            content: "Edit the job",
            trigger: ".o_field_widget[name='function'] input",
            run: "edit Buyer",
        },
        {content: "Save", trigger: ".o_form_button_save", run: "click"},
        {content: "Saved", trigger: ".o_form_view .o_form_saved"},
        {
            content: "Add a role (the list is being read again)",
            trigger: `${ROLES} .o_field_x2many_list_row_add > a`,
            run: "click",
        },
        {
            content: "The new row is there to fill (it must not vanish)",
            trigger: `${ROLES} .o_data_row.o_selected_row .o_field_widget[name='role_id'] input`,
            run: "edit Accounts Payable",
        },
        {
            content: "Pick it",
            trigger: ".ui-menu-item > a:contains('Accounts Payable')",
            run: "click",
        },
        expectRows(ROLES, ["Purchasing", "Accounts Payable"], "both before saving"),
        ...save,
        expectRows(ROLES, ["Purchasing", "Accounts Payable"], "both after saving"),
    ],
});
