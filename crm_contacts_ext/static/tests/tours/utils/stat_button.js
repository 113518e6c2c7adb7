/**
 * Steps clicking a stat button of a form, wherever the button box put it: the box
 * shows as many buttons as fit the width and folds the others under "More".
 */
export function clickStatButton(name, content) {
    return [
        {
            content: `Show the "${name}" button if the button box folded it under More`,
            trigger: ".o_form_view .o-form-buttonbox",
            run() {
                const selector = `.o-form-buttonbox button[name='${name}']`;
                if (!document.querySelector(selector)) {
                    document.querySelector(".o-form-buttonbox .o_button_more")?.click();
                }
            },
        },
        {
            content,
            trigger: `.o-form-buttonbox button[name='${name}']`,
            run: "click",
        },
    ];
}
