using P4Orleans.Api.Security;
using P4Orleans.Contracts;
using P4Orleans.Law;

namespace P4Orleans.Browser.Tests;

// Bad input refused on the page with the API's status and the API's words, and nothing written.
public sealed partial class ConsoleDossierActionsBrowserTests
{
    /// <summary>Past the browser's own checks (required, maxlength, types): the server must refuse by itself.</summary>
    private static async Task NoBrowserChecksAsync(BrowserSession browser, string form) =>
        await browser.Page.EvalOnSelectorAsync(form, "f => { f.noValidate = true; f.querySelectorAll('[maxlength]').forEach(e => e.removeAttribute('maxlength')); }");

    private static async Task SetAsync(BrowserSession browser, string selector, string value) =>
        await browser.Page.EvalOnSelectorAsync(selector, "(e, v) => { e.value = v; }", value);

    private static async Task RefusedAsync(BrowserSession browser, string button, int status, string message, string what)
    {
        var refused = await browser.ClickAsync(button);
        var text = await browser.Page.TextContentAsync("#message");
        Assert.True(status == refused.Status, $"{what}: {refused.Status} {text}");
        Assert.True(text?.Contains(message, StringComparison.Ordinal) == true, $"{what}: {text}");
    }

    [Fact]
    public async Task a_bad_payment_of_onss_is_refused_on_the_page_with_the_apis_status_and_changes_nothing()
    {
        var id = await _data.ServedAsync("office-da-rp", ConsoleData.Reference("DARP"));
        var (browser, _) = await AtDossierAsync(id, Roles.OnssAgent);
        await using var _b = browser;
        var cases = new (string Amount, string Date, string Reference, int Status, string Message)[]
        {
            ("12,345", Today, "R-1", 400, "deux décimales"),
            ("1.234", Today, "R-1", 400, "deux décimales"),
            ("-5,00", Today, "R-1", 400, "négatif"),
            ("douze euros", Today, "R-1", 400, "1 234,56"),
            ("", Today, "R-1", 400, "Indiquez un montant"),
            ("1000000000,01", Today, "R-1", 400, "1 000 000 000,00"),
            ("0", Today, "R-1", 400, "positive"),
            ("10,00", Day(ConsoleData.Today.AddDays(1)), "R-1", 409, "in the future"),
            ("10,00", "1989-12-31", "R-1", 400, "plausible range"),
            ("10,00", "31/12/2026", "R-1", 400, "date valable"),
            ("10,00", Today, new string('R', 65), 400, "64"),
            ("10,00", Today, " ", 400, "requis"),
        };
        foreach (var (amount, date, reference, status, message) in cases)
        {
            await NoBrowserChecksAsync(browser, "#onss-payment-form");
            await browser.Page.FillAsync("#onss-payment-amount", amount);
            await SetAsync(browser, "#onss-payment-date", date);
            await SetAsync(browser, "#onss-payment-reference", reference);
            await RefusedAsync(browser, "record-payment", status, message, $"{amount} {date} {reference.Length}");
            Assert.Equal(1, await browser.Page.Locator("#onss-payment-form").CountAsync());
        }
        var dossier = await Dossier(id).GetAsync();
        Assert.Equal(0, dossier.Amounts.PaidCents);
        Assert.DoesNotContain(dossier.Amounts.Entries, e => e.Kind == LedgerEntryKind.Payment);
        Assert.Empty(browser.ConsoleErrors(400, 409));
    }

    [Fact]
    public async Task bad_payment_terms_and_a_bad_end_are_refused_on_the_page_and_change_nothing()
    {
        var id = await _data.ServedAsync("office-da-rpl", ConsoleData.Reference("DARPL"));
        var (browser, _) = await AtDossierAsync(id, Roles.OnssAgent);
        await using var _b = browser;
        var later = Day(ConsoleData.Today.AddDays(30));
        var cases = new (string GrantedOn, string Instalments, string Amount, string FirstDue, int Status, string Message)[]
        {
            (Today, "six", "500", later, 400, "nombre entier"),
            (Today, "-1", "500", later, 400, "nombre entier"),
            (Today, "2,5", "500", later, 400, "nombre entier"),
            (Today, "", "500", later, 400, "nombre entier"),
            (Today, "9999999999", "500", later, 400, "nombre entier"),
            (Today, "121", "500", later, 400, "120"),
            (Today, "6", "500,001", later, 400, "deux décimales"),
            (Today, "6", "-500", later, 400, "négatif"),
            (Today, "6", "500", "", 400, "date valable"),
            (Today, "6", "500", Day(ConsoleData.Today.AddYears(11)), 400, "plausible range"),
        };
        foreach (var (grantedOn, instalments, amount, firstDue, status, message) in cases)
        {
            await NoBrowserChecksAsync(browser, "#plan-form");
            await SetAsync(browser, "#plan-granted-on", grantedOn);
            await browser.Page.FillAsync("#plan-instalments", instalments);
            await browser.Page.FillAsync("#plan-instalment-amount", amount);
            await SetAsync(browser, "#plan-first-due", firstDue);
            await RefusedAsync(browser, "grant-plan", status, message, $"{grantedOn} {instalments} {amount} {firstDue}");
        }
        var view = await Dossier(id).GetAsync();
        Assert.Equal((DossierStatus.Served, null), (view.Status, view.PaymentPlan));
        // No plan: its end is not offered, and posted anyway it is the API's 409.
        Assert.Equal(0, await browser.Page.Locator("#plan-end-form").CountAsync());
        var token = await browser.Page.GetAttributeAsync("input[name=__RequestVerificationToken]", "value");
        var end = await browser.Page.APIRequest.PostAsync($"/console/dossiers/{id}?handler=PlanEnd", new()
        {
            Form = browser.Page.APIRequest.CreateFormData().Set("__RequestVerificationToken", token!).Set("reason", "Completed").Set("date", Today),
            MaxRedirects = 0,
        });
        Assert.Equal(409, end.Status);
        Assert.Equal(DossierStatus.Served, (await _data.SummaryAsync(id)).Status);
        Assert.Empty(browser.ConsoleErrors(400, 409));
    }

    [Fact]
    public async Task a_bad_judgment_is_refused_on_the_page_and_the_opposition_stays_undecided()
    {
        var id = await _data.ServedAsync("office-da-rj", ConsoleData.Reference("DARJ"));
        await Dossier(id).ReportOppositionAsync("office-da-rj", new OppositionReport(OppositionKind.Summons, ConsoleData.Today, "Tribunal du travail de Liège"));
        var (browser, _) = await AtDossierAsync(id, Roles.Operator);
        await using var _b = browser;
        var cases = new (string Outcome, string Date, string ReducedTo, int Status, string Message)[]
        {
            ("Appeal", Today, "", 400, "liste"),
            ("0", Today, "", 400, "liste"),
            ("Upheld", "", "", 400, "date valable"),
            ("Reduced", Today, "12,345", 400, "deux décimales"),
            ("Reduced", Today, "-10", 400, "négatif"),
            ("Upheld", "1989-12-31", "", 400, "plausible range"),
        };
        foreach (var (outcome, date, reducedTo, status, message) in cases)
        {
            await NoBrowserChecksAsync(browser, "#judgment-form");
            await browser.Page.EvalOnSelectorAsync("#judgment-outcome", "(e, v) => { e.add(new Option(v, v)); e.value = v; }", outcome);
            await SetAsync(browser, "#judgment-date", date);
            await browser.Page.FillAsync("#judgment-reduced-to", reducedTo);
            await RefusedAsync(browser, "record-judgment", status, message, $"{outcome} {date} {reducedTo}");
        }
        var view = await Dossier(id).GetAsync();
        Assert.Equal((DossierStatus.Opposed, null), (view.Status, view.Opposition!.Outcome));
        Assert.Empty(browser.ConsoleErrors(400, 409));
    }

    [Fact]
    public async Task a_bad_communication_or_acknowledgement_is_refused_on_the_page_and_a_long_letter_within_the_apis_limit_is_sent()
    {
        var id = await _data.SubmitAsync(ConsoleData.Reference("DARC"));
        var (browser, _) = await AtDossierAsync(id, Roles.Operator);
        await using var _b = browser;
        var before = (await Dossier(id).GetCommunicationsAsync()).Count;
        var cases = new (string Kind, string Subject, string Body, int Status, string Message)[]
        {
            ("Letter", "Objet", "Texte", 400, "liste"),
            ("FormalNotice", " ", "Texte", 400, "requis"),
            ("FormalNotice", "Objet", "", 400, "requis"),
            ("FormalNotice", new string('o', 201), "Texte", 400, "200"),
            ("FormalNotice", "Objet", new string('é', 8001), 400, "8000"),
            ("FormalNotice", "Objet\u0001", "Texte", 400, "contrôle"),
        };
        foreach (var (kind, subject, body, status, message) in cases)
        {
            await NoBrowserChecksAsync(browser, "#send-form");
            await browser.Page.EvalOnSelectorAsync("#send-kind", "(e, v) => { e.add(new Option(v, v)); e.value = v; }", kind);
            await SetAsync(browser, "#send-subject", subject);
            await SetAsync(browser, "#send-body", body);
            await RefusedAsync(browser, "send-communication", status, message, $"{kind} {subject.Length} {body.Length}");
        }
        Assert.Equal(before, (await Dossier(id).GetCommunicationsAsync()).Count);

        // The API's limit, in a language that percent-encodes each character to six: far beyond a console field's 4 KiB.
        await SetAsync(browser, "#send-subject", "Lettre longue");
        await SetAsync(browser, "#send-body", new string('é', InputLimits.MessageBodyLength));
        Assert.Equal(200, (await browser.ClickAsync("send-communication")).Status);
        var letter = (await browser.Page.Locator("#communications tr.communication").First.GetAttributeAsync("data-communication"))!;
        Assert.Equal(before + 1, (await Dossier(id).GetCommunicationsAsync()).Count);

        var acknowledgements = new (string Kind, string At, int Status, string Message)[]
        {
            // A letter is presented, never read; not before it was sent, not ahead of now; a time that exists in Brussels.
            ("Read", Local(P4Orleans.Testing.MorningClock.UtcNow), 400, "presented, not read"),
            ("Delivered", Local(P4Orleans.Testing.MorningClock.UtcNow.AddDays(-1)), 400, "before it was sent"),
            ("Delivered", Local(P4Orleans.Testing.MorningClock.UtcNow.AddHours(1)), 400, "future"),
            ("Delivered", "2026-03-29T02:30", 400, "Bruxelles"),
            ("Delivered", "", 400, "Bruxelles"),
            ("Seen", Local(P4Orleans.Testing.MorningClock.UtcNow), 400, "liste"),
        };
        foreach (var (kind, at, status, message) in acknowledgements)
        {
            await NoBrowserChecksAsync(browser, $"#ack-form-{letter}");
            await browser.Page.EvalOnSelectorAsync($"#ack-kind-{letter}", "(e, v) => { e.add(new Option(v, v)); e.value = v; }", kind);
            await SetAsync(browser, $"#ack-at-{letter}", at);
            await RefusedAsync(browser, $"ack-{letter}", status, message, $"{kind} {at}");
        }
        Assert.Equal(CommunicationStatus.Sent, (await Dossier(id).GetCommunicationsAsync()).Single(c => c.CommunicationId == letter).Status);
        Assert.Empty(browser.ConsoleErrors(400, 409));
    }
}
