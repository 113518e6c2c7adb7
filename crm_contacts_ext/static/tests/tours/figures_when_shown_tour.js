import {registry} from "@web/core/registry";

// A salesperson opens a card: the figures of the buttons under "More" appear
// when she opens it, and again after she saves the card.

const MORE = ".o-form-buttonbox .o_button_more";
const MEETINGS = ".o_dropdown_more button[name='schedule_meeting'] .o_stat_value";
const SALES = ".o_dropdown_more button[name='action_view_sale_order'] .o_stat_value";

function figuresShown() {
    return [
        {
            content: "Open More",
            trigger: MORE,
            run: "click",
        },
        {
            content: "Two meetings",
            trigger: `${MEETINGS}:contains(2)`,
        },
        {
            content: "One quotation",
            trigger: `${SALES}:contains(1)`,
        },
        {
            content: "Close More",
            trigger: MORE,
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("crm_contacts_ext_figures_when_shown", {
    steps: () => [
        {
            content: "The company's card is open",
            trigger: ".o_form_view .o_field_widget[name='name'] input:value(Cacao Chiffres)",
        },
        {
            content: "Meetings and Sales are folded under More on this screen",
            trigger: MORE,
            run() {
                for (const name of ["schedule_meeting", "action_view_sale_order"]) {
                    if (document.querySelector(`.o-form-buttonbox > button[name='${name}']`)) {
                        throw new Error(`${name} is not under More: the tour needs it there`);
                    }
                }
            },
        },
        ...figuresShown(),
        {
            content: "Change the phone",
            trigger: ".o_field_widget[name='phone'] input",
            run: "edit 514 555 0199",
        },
        {
            content: "Save the card",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The card is saved",
            trigger: ".o_form_view .o_form_saved",
        },
        ...figuresShown(),
    ],
});
