using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using P4Orleans.Api.Security;
using P4Orleans.Api.Tests.Session;
using P4Orleans.Api.Users;
using P4Orleans.Contracts;
using P4Orleans.Recovery.Intake;

namespace P4Orleans.Api.Tests.Console;

/// <summary>
/// The dossier page's forms of ONSS and the Operators, and its document download, through the real pipeline (session,
/// anti-forgery, policies, audit): the wrong role is 403, an unknown dossier, document or communication "not found", a
/// refusal of the dossier its API status, and nothing is written by any of them; every request has its audit entry.
/// </summary>
public sealed partial class ConsoleDossierActionsTests(DevelopmentGateway gateway) : IClassFixture<DevelopmentGateway>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ApiFactory Api => gateway.Api;

    private IDossierGrain Dossier(string id) => Api.Services.GetRequiredService<IGrainFactory>().GetGrain<IDossierGrain>(id);

    private static string Today => P4Orleans.Testing.MorningClock.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Every new form of the page: its handler, the role that may post it, and a valid-looking body.</summary>
    private static readonly (string Handler, string Role, Dictionary<string, string> Fields)[] Forms =
    [
        ("Payment", Roles.OnssAgent, new() { ["amount"] = "10,00", ["date"] = Today, ["reference"] = "R-1" }),
        ("Plan", Roles.OnssAgent, new() { ["grantedOn"] = Today, ["instalments"] = "3", ["instalmentAmount"] = "100", ["firstDueOn"] = Today }),
        ("PlanEnd", Roles.OnssAgent, new() { ["reason"] = "Completed", ["date"] = Today }),
        ("Judgment", Roles.Operator, new() { ["outcome"] = "Upheld", ["date"] = Today }),
        ("Send", Roles.Operator, new() { ["kind"] = "FormalNotice", ["subject"] = "Objet", ["body"] = "Texte" }),
        ("Retry", Roles.Operator, new() { ["communicationId"] = "c-1" }),
        ("Abandon", Roles.Operator, new() { ["communicationId"] = "c-1" }),
        ("Acknowledge", Roles.Operator, new() { ["communicationId"] = "c-1", ["kind"] = "Delivered", ["at"] = Today + "T10:00" }),
    ];

    /// <summary>A browser signed in as a new user of <paramref name="role"/>, and its anti-forgery token.</summary>
    private async Task<(HttpClient Browser, User User, string Token)> SignedInAsync(string role, OrganisationKind? kind = null, string? organisation = null)
    {
        var user = await Api.UserAsync(role, kind, organisation);
        var browser = Api.Browser();
        Assert.Equal(HttpStatusCode.SeeOther, (await browser.SignInAsync(user.Id.ToString())).StatusCode);
        var home = await browser.SendAsync(BrowserRequests.Page("/console"), Ct);
        return (browser, user, BrowserRequests.FormToken(await home.Content.ReadAsStringAsync(Ct)));
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient browser, string token, string dossierId, string handler, Dictionary<string, string> fields) =>
        browser.PostAsync($"/console/dossiers/{Uri.EscapeDataString(dossierId)}?handler={handler}",
            new FormUrlEncodedContent(new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token }), Ct);

    private async Task<string> SubmitAsync(string reference) =>
        (await Api.Services.GetRequiredService<IntakeService>().SubmitAsync(Dossiers.Scenario.Contrainte(reference), Ct)).DossierId;

    /// <summary>What a dossier holds that a form could change: payments, plan, judgment, communications.</summary>
    private async Task<string> FootprintAsync(string id)
    {
        var v = await Dossier(id).GetAsync();
        // Not the status: dispatch runs in the background of this gateway and may move a new dossier on by itself.
        var communications = string.Join(",", (await Dossier(id).GetCommunicationsAsync()).Select(c => $"{c.CommunicationId}:{c.Status}:{c.Attempts}"));
        return $"{v.Amounts.PaidCents}|{v.Amounts.Entries.Count}|{v.PaymentPlan is null}|{v.Opposition?.Outcome}|{communications}";
    }

    private async Task<List<(Guid? User, string? Dossier, string Outcome, string? Details)>> AuditAsync(string action, Guid user)
    {
        await using var db = NpgsqlDataSource.Create(Api.ConnectionString);
        await using var cmd = db.CreateCommand("SELECT user_id, dossier_id, outcome, details FROM audit_log WHERE action = $1 AND user_id = $2 ORDER BY seq");
        cmd.Parameters.Add(new NpgsqlParameter { Value = action });
        cmd.Parameters.Add(new NpgsqlParameter { Value = user });
        var list = new List<(Guid?, string?, string, string?)>();
        await using var r = await cmd.ExecuteReaderAsync(Ct);
        while (await r.ReadAsync(Ct))
        {
            list.Add((r.IsDBNull(0) ? null : r.GetGuid(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3)));
        }
        return list;
    }

    /// <summary>A scanned title attached by ONSS through its API; the document's id.</summary>
    private async Task<string> AttachAsync(string id, User onss, string text = "titre")
    {
        using var api = Api.ClientFor(onss);
        using var body = new ByteArrayContent(System.Text.Encoding.ASCII.GetBytes("%PDF-1.4\n% " + text + " " + id + "\n%%EOF\n"));
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        var response = await api.PostAsync($"/onss/dossiers/{id}/documents", body, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return json.RootElement.GetProperty("documentId").GetString()!;
    }

    [Fact]
    public async Task a_user_of_the_wrong_role_gets_403_from_every_new_form_writes_nothing_and_is_audited_denied()
    {
        var id = await SubmitAsync("CON-ROLE-" + Guid.NewGuid().ToString("N")[..8]);
        var before = await FootprintAsync(id);
        var (onss, onssUser, onssToken) = await SignedInAsync(Roles.OnssAgent, OrganisationKind.Onss, "onss");
        var (operators, operatorUser, operatorToken) = await SignedInAsync(Roles.Operator);
        var (bailiff, bailiffUser, bailiffToken) = await SignedInAsync(Roles.Bailiff, OrganisationKind.BailiffOffice, "office-role");

        foreach (var (handler, role, fields) in Forms)
        {
            var (wrong, token) = role == Roles.OnssAgent ? (operators, operatorToken) : (onss, onssToken);
            Assert.True(HttpStatusCode.Forbidden == (await PostAsync(wrong, token, id, handler, fields)).StatusCode, handler);
            // A bailiff office's user does not reach the Operators' and ONSS's page at all.
            Assert.True(HttpStatusCode.Forbidden == (await PostAsync(bailiff, bailiffToken, id, handler, fields)).StatusCode, handler);
        }
        var document = await AttachAsync(id, onssUser);
        Assert.Equal(HttpStatusCode.Forbidden, (await bailiff.SendAsync(BrowserRequests.Page($"/console/dossiers/{id}/documents/{document}"), Ct)).StatusCode);

        Assert.Equal(before, await FootprintAsync(id));
        Assert.Equal(5, (await AuditAsync("dossier.read", onssUser.Id)).Count(e => e.Dossier == id && e.Outcome == "denied:403" && e.Details?.Contains("command") == true));
        Assert.Equal(3, (await AuditAsync("dossier.read", operatorUser.Id)).Count(e => e.Dossier == id && e.Outcome == "denied:403" && e.Details?.Contains("command") == true));
        Assert.Equal(Forms.Length, (await AuditAsync("dossier.read", bailiffUser.Id)).Count(e => e.Dossier == id && e.Outcome == "denied:403"));
        Assert.Single(await AuditAsync("dossier.download-document", bailiffUser.Id), e => e.Dossier == id && e.Outcome == "denied:403");
    }

    [Fact]
    public async Task an_unknown_dossier_is_not_found_in_every_new_form_and_nothing_is_created_for_it()
    {
        var (onss, onssUser, onssToken) = await SignedInAsync(Roles.OnssAgent, OrganisationKind.Onss, "onss");
        var (operators, operatorUser, operatorToken) = await SignedInAsync(Roles.Operator);
        foreach (var unknown in new[] { "no-such-dossier-" + Guid.NewGuid().ToString("N")[..8], new string('x', 201), "a b" })
        {
            foreach (var (handler, role, fields) in Forms)
            {
                var (browser, token) = role == Roles.OnssAgent ? (onss, onssToken) : (operators, operatorToken);
                var response = await PostAsync(browser, token, unknown, handler, fields);
                Assert.True(HttpStatusCode.NotFound == response.StatusCode, $"{handler} {unknown.Length}: {response.StatusCode}");
            }
            Assert.Equal(HttpStatusCode.NotFound, (await operators.SendAsync(BrowserRequests.Page($"/console/dossiers/{Uri.EscapeDataString(unknown)}/documents/{Guid.NewGuid()}"), Ct)).StatusCode);
            if (unknown.Length <= 200)
            {
                await Assert.ThrowsAsync<DossierNotFoundException>(() => Dossier(unknown).GetSummaryAsync());
            }
        }
        Assert.Equal(3 * 5, (await AuditAsync("dossier.read", operatorUser.Id)).Count(e => e.Outcome == "not-found:404" && e.Details?.Contains("command") == true));
        Assert.Equal(3 * 3, (await AuditAsync("dossier.read", onssUser.Id)).Count(e => e.Outcome == "not-found:404" && e.Details?.Contains("command") == true));
    }
}
