using System.Net;
using Microsoft.Extensions.DependencyInjection;
using P4Orleans.Api.Security;
using P4Orleans.Api.Tests.Session;
using P4Orleans.Api.Users;
using P4Orleans.Contracts;
using P4Orleans.Recovery.Dispatch;
using P4Orleans.Recovery.Documents;
using P4Orleans.Recovery.Intake;

namespace P4Orleans.Api.Tests.Console;

/// <summary>The Development gateway (its sign-in page) the console's form tests post to.</summary>
public sealed class ConsoleFormsGateway : IAsyncLifetime
{
    public ApiFactory Api { get; } = BrowserRequests.Gateway("Development", BrowserRequests.OnMorningClock);

    public ValueTask InitializeAsync() => Api.InitializeAsync();

    public ValueTask DisposeAsync() => Api.DisposeAsync();
}

/// <summary>
/// The dispute forms and the seizure rows of the console posted through the real pipeline as a browser posts them (its
/// session cookie and anti-forgery token): the wrong role 403, bad input the API's 400, 404 or 409 on a page with nothing
/// written, another office's dossier "not found" and audited, a body over the console's limit a 413 page.
/// </summary>
public sealed class ConsoleDisputeFormTests(ConsoleFormsGateway gateway) : IClassFixture<ConsoleFormsGateway>
{
    private static int _sequence;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ApiFactory Api => gateway.Api;

    private IDossierGrain Dossier(string id) => Api.Services.GetRequiredService<IGrainFactory>().GetGrain<IDossierGrain>(id);

    private static DateOnly Today => P4Orleans.Testing.MorningClock.Today;

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A dossier accepted and served today by <paramref name="office"/>, whatever dispatch chose first.</summary>
    private async Task<string> ServedAsync(string office)
    {
        var reference = $"CDF-{Interlocked.Increment(ref _sequence)}-{Guid.NewGuid():N}"[..30];
        var id = (await Api.Services.GetRequiredService<IntakeService>().SubmitAsync(Dossiers.Scenario.Contrainte(reference), Ct)).DossierId;
        var dossier = Dossier(id);
        for (var i = 0; i < 100 && (await dossier.GetSummaryAsync()).Status == DossierStatus.AwaitingDispatch; i++)
        {
            await Api.Services.GetRequiredService<DispatchService>().RunOnceAsync(Ct);
        }
        var summary = await dossier.GetSummaryAsync();
        var grains = Api.Services.GetRequiredService<IGrainFactory>();
        await grains.GetGrain<IBailiffGrain>(office).RegisterAsync(new BailiffRegistration($"Étude {office}", $"CH-{office}", summary.ArrondissementId!, 20));
        var facts = new OfficeFacts(office, summary.ArrondissementId!, BailiffStatus.Active);
        if (summary.Status == DossierStatus.NeedsManualDecision)
        {
            await dossier.AssignByOperatorAsync(facts, "test: the office under test");
        }
        else if (summary.AssignedOfficeId != office)
        {
            await dossier.ReassignAsync(facts, "test: the office under test");
        }
        await dossier.AcceptAsync(office);
        await dossier.ReportServiceAsync(office, new ServiceReport(Today, ServiceMode.InPerson, null, "ACT-1"));
        return id;
    }

    /// <summary>A browser signed in as a new user with <paramref name="role"/>.</summary>
    private async Task<(HttpClient Browser, User User)> SignedInAsync(string role, OrganisationKind kind, string organisation)
    {
        var user = await Api.UserAsync(role, kind, organisation);
        var browser = Api.Browser();
        Assert.Equal(HttpStatusCode.SeeOther, (await browser.SignInAsync(user.Id.ToString())).StatusCode);
        return (browser, user);
    }

    /// <summary>Posts a form to a handler of a page, with the token of the page as the browser had it.</summary>
    private static async Task<(HttpStatusCode Status, string Html)> PostAsync(HttpClient browser, string page, string handler, params (string Name, string Value)[] fields)
    {
        var html = await (await browser.SendAsync(BrowserRequests.Page(page), Ct)).Content.ReadAsStringAsync(Ct);
        var form = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", BrowserRequests.FormToken(html)) };
        form.AddRange(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)));
        var response = await browser.PostAsync(page + "?handler=" + handler, new FormUrlEncodedContent(form), Ct);
        return (response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct)));
    }

    [Fact]
    public async Task each_dispute_handler_of_the_dossier_page_refuses_the_other_role_with_403_and_writes_nothing()
    {
        var id = await ServedAsync("cdf-office-w");
        await Dossier(id).RaiseDisputeAsync(null, new AmicableDisputeReport(DisputeGround.Identity, DisputeParty.Debtor, Today));
        await Dossier(id).RecordJudicialDisputeAsync(new JudicialDisputeReport(JudicialDisputeKind.AttachmentJudge, "Juge des saisies", Today));
        var (onss, _) = await SignedInAsync(Roles.OnssAgent, OrganisationKind.Onss, "onss");
        var (operators, _) = await SignedInAsync(Roles.Operator, OrganisationKind.Concessionaire, "concessionaire");
        var valid = new (string, string)[]
        {
            ("disputeId", "A1"), ("outcome", "Rejected"), ("decidedOn", Day(Today)), ("kind", "AttachmentJudge"), ("court", "Juge"), ("filedOn", Day(Today)),
            ("date", Day(Today)), ("ground", "Identity"), ("raisedBy", "Debtor"), ("receivedOn", Day(Today)),
        };
        foreach (var handler in new[] { "TakeDispute", "DecideDispute", "RecordJudicialDispute", "Hearing", "DecideJudicialDispute" })
        {
            Assert.True((await PostAsync(onss, "/console/dossiers/" + id, handler, valid)).Status == HttpStatusCode.Forbidden, handler);
        }
        foreach (var handler in new[] { "RaiseDispute", "ResumeExecution" })
        {
            Assert.True((await PostAsync(operators, "/console/dossiers/" + id, handler, valid)).Status == HttpStatusCode.Forbidden, handler);
        }
        var disputes = (await Dossier(id).GetAsync()).Disputes!;
        Assert.Equal((1, 1, (Guid?)null, 0), (disputes.Amicable.Count, disputes.Judicial.Count, disputes.Amicable[0].OperatorId, disputes.Judicial[0].Hearings.Count));
        // A bailiff has no operators' dossier page, nor an Operator the office's.
        var (bailiff, _) = await SignedInAsync(Roles.Bailiff, OrganisationKind.BailiffOffice, "cdf-office-w");
        Assert.Equal(HttpStatusCode.Forbidden, (await bailiff.SendAsync(BrowserRequests.Page("/console/dossiers/" + id), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await operators.SendAsync(BrowserRequests.Page("/console/office/dossiers/" + id), Ct)).StatusCode);
    }

    [Fact]
    public async Task bad_input_to_each_dispute_handler_answers_the_apis_status_on_the_page_and_writes_nothing()
    {
        var id = await ServedAsync("cdf-office-b");
        var (onss, _) = await SignedInAsync(Roles.OnssAgent, OrganisationKind.Onss, "onss");
        var (operators, operatorUser) = await SignedInAsync(Roles.Operator, OrganisationKind.Concessionaire, "concessionaire");
        var page = "/console/dossiers/" + id;
        var raises = new (string Ground, string Party, string ReceivedOn, HttpStatusCode Status, string Message)[]
        {
            ("2", "Debtor", Day(Today), HttpStatusCode.BadRequest, "Choisissez une valeur de la liste."),
            ("Identity", "", Day(Today), HttpStatusCode.BadRequest, "Choisissez une valeur de la liste."),
            ("Identity", "Debtor", "31/12/2026", HttpStatusCode.BadRequest, "Indiquez une date valable."),
            ("Identity", "Debtor", Day(Today.AddDays(2)), HttpStatusCode.Conflict, "in the future"),
        };
        foreach (var (ground, party, receivedOn, status, message) in raises)
        {
            var (got, html) = await PostAsync(onss, page, "RaiseDispute", ("ground", ground), ("raisedBy", party), ("receivedOn", receivedOn));
            Assert.True(status == got, $"{ground} {party} {receivedOn}: {got}");
            Assert.Contains(message, html, StringComparison.Ordinal);
            Assert.Contains("id=\"summary\"", html, StringComparison.Ordinal);
        }
        Assert.Empty((await Dossier(id).GetAsync()).Disputes?.Amicable ?? []);

        var disputeId = await Dossier(id).RaiseDisputeAsync(null, new AmicableDisputeReport(DisputeGround.ContestedAmount, DisputeParty.Debtor, Today));
        var (unknown, unknownHtml) = await PostAsync(operators, page, "TakeDispute", ("disputeId", "A7"));
        Assert.Equal(HttpStatusCode.NotFound, unknown);
        Assert.Contains("Contestation introuvable.", unknownHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(operators, page, "TakeDispute", ("disputeId", ""))).Status);
        // Deciding before anyone took it: the dossier's conflict, as the API's 409 dispute-not-assigned.
        var (unassigned, unassignedHtml) = await PostAsync(operators, page, "DecideDispute", ("disputeId", disputeId), ("outcome", "Rejected"), ("decidedOn", Day(Today)));
        Assert.Equal(HttpStatusCode.Conflict, unassigned);
        Assert.Contains("assign it first", unassignedHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(operators, page, "TakeDispute", ("disputeId", disputeId))).Status);
        var decisions = new (string Outcome, string CorrectedTo, string DecidedOn, HttpStatusCode Status, string Message)[]
        {
            ("AmountCorrected", "mille", Day(Today), HttpStatusCode.BadRequest, "1 234,56"),
            ("AmountCorrected", "3 250,00", Day(Today), HttpStatusCode.BadRequest, "below the title's"),
            ("AmountCorrected", "1 000 000 000,01", Day(Today), HttpStatusCode.BadRequest, "1 000 000 000,00"),
            ("Upheld", "1,00", Day(Today), HttpStatusCode.BadRequest, "Only a correction"),
            ("Upheld", "", "", HttpStatusCode.BadRequest, "Indiquez une date valable."),
            ("Upheld", "", "2089-01-01", HttpStatusCode.BadRequest, "plausible range"),
            ("Upheld", "", Day(Today.AddDays(-3)), HttpStatusCode.Conflict, "before"),
        };
        foreach (var (outcome, corrected, decidedOn, status, message) in decisions)
        {
            var (got, html) = await PostAsync(operators, page, "DecideDispute", ("disputeId", disputeId), ("outcome", outcome), ("correctedTo", corrected), ("decidedOn", decidedOn));
            Assert.True(status == got, $"{outcome} {corrected} {decidedOn}: {got}");
            Assert.Contains(message, html, StringComparison.Ordinal);
        }
        var amicable = Assert.Single((await Dossier(id).GetAsync()).Disputes!.Amicable);
        Assert.Equal((operatorUser.Id, (AmicableOutcome?)null), (amicable.OperatorId, amicable.Outcome));

        var judicial = new (string Kind, string Court, string FiledOn, HttpStatusCode Status, string Message)[]
        {
            ("Appeal", "Cour du travail", Day(Today), HttpStatusCode.Conflict, "An appeal needs"),
            ("ThirdPartyClaim", "Juge des saisies", Day(Today), HttpStatusCode.BadRequest, "names the seizures"),
            ("AttachmentJudge", " ", Day(Today), HttpStatusCode.BadRequest, "Ce champ est requis."),
            ("2", "Juge des saisies", Day(Today), HttpStatusCode.BadRequest, "Choisissez une valeur de la liste."),
        };
        foreach (var (kind, court, filedOn, status, message) in judicial)
        {
            var (got, html) = await PostAsync(operators, page, "RecordJudicialDispute", ("kind", kind), ("court", court), ("filedOn", filedOn));
            Assert.True(status == got, $"{kind} {court} {filedOn}: {got}");
            Assert.Contains(message, html, StringComparison.Ordinal);
        }
        // A seizure id the dossier does not have.
        var (foreign, foreignHtml) = await PostAsync(operators, page, "RecordJudicialDispute", ("kind", "ThirdPartyClaim"), ("court", "Juge"), ("filedOn", Day(Today)),
            ("seizureIds", "S99"));
        Assert.Equal(HttpStatusCode.BadRequest, foreign);
        Assert.Contains("Name seizures of this dossier", foreignHtml, StringComparison.Ordinal);
        Assert.Empty((await Dossier(id).GetAsync()).Disputes!.Judicial);

        var judicialId = await Dossier(id).RecordJudicialDisputeAsync(new JudicialDisputeReport(JudicialDisputeKind.AttachmentJudge, "Juge des saisies", Today));
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(operators, page, "Hearing", ("disputeId", judicialId), ("date", Day(Today.AddDays(-1))))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(operators, page, "Hearing", ("disputeId", "J5"), ("date", Day(Today)))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(operators, page, "DecideJudicialDispute", ("disputeId", judicialId), ("outcome", "Granted"),
            ("decidedOn", Day(Today)), ("reformedTo", "1"))).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(operators, page, "DecideJudicialDispute", ("disputeId", judicialId), ("outcome", "Granted"),
            ("decidedOn", Day(Today.AddDays(1))))).Status);
        var open = Assert.Single((await Dossier(id).GetAsync()).Disputes!.Judicial);
        Assert.Equal((0, (JudicialOutcome?)null), (open.Hearings.Count, open.Outcome));
    }

    [Fact]
    public async Task another_offices_dossier_posted_to_the_offices_dispute_and_rows_handlers_is_not_found_audited_and_unchanged()
    {
        var own = await ServedAsync("cdf-office-own");
        var other = await ServedAsync("cdf-office-other");
        foreach (var role in new[] { Roles.Bailiff, Roles.BailiffClerk })
        {
            var (browser, user) = await SignedInAsync(role, OrganisationKind.BailiffOffice, "cdf-office-own");
            var html = await (await browser.SendAsync(BrowserRequests.Page("/console/office/dossiers/" + own), Ct)).Content.ReadAsStringAsync(Ct);
            var token = BrowserRequests.FormToken(html);
            foreach (var handler in new[] { "RaiseDispute", "SeizureRows" })
            {
                var response = await browser.PostAsync($"/console/office/dossiers/{other}?handler={handler}", new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["__RequestVerificationToken"] = token, ["ground"] = "Identity", ["raisedBy"] = "Debtor", ["receivedOn"] = Day(Today), ["assetDescription"] = "Meuble",
                }), Ct);
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{role} {handler}: {response.StatusCode}");
                var body = await response.Content.ReadAsStringAsync(Ct);
                Assert.Contains("Dossier introuvable.", body, StringComparison.Ordinal);
                Assert.DoesNotContain("id=\"summary\"", body, StringComparison.Ordinal);
            }
            // The clerk raises a dispute on the office's own dossier, as the API lets a clerk.
            var raised = await browser.PostAsync($"/console/office/dossiers/{own}?handler=RaiseDispute", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["ground"] = "Identity", ["raisedBy"] = "Debtor", ["receivedOn"] = Day(Today),
            }), Ct);
            Assert.Equal(HttpStatusCode.Redirect, raised.StatusCode);
            Assert.Equal(2, await RefusalsAuditedAsync(user.Id, other, null));
            Assert.Equal(1, await RefusalsAuditedAsync(user.Id, other, "{\"command\":\"raise-dispute\"}"));
        }
        Assert.Empty((await Dossier(other).GetAsync()).Disputes?.Amicable ?? []);
        Assert.Equal(2, (await Dossier(own).GetAsync()).Disputes!.Amicable.Count);
    }

    /// <summary>The user's <c>dossier.read</c> entries on the dossier refused as another office's (with these details, when given).</summary>
    private async Task<int> RefusalsAuditedAsync(Guid user, string dossierId, string? details)
    {
        await using var db = Npgsql.NpgsqlDataSource.Create(Api.ConnectionString);
        await using var cmd = db.CreateCommand("SELECT count(*) FROM audit_log WHERE user_id = $1 AND dossier_id = $2 AND action = 'dossier.read' "
            + "AND outcome = 'refused:not-assigned-office:404' AND ($3::text IS NULL OR details = $3)");
        cmd.Parameters.Add(new Npgsql.NpgsqlParameter { Value = user });
        cmd.Parameters.Add(new Npgsql.NpgsqlParameter { Value = dossierId });
        cmd.Parameters.Add(new Npgsql.NpgsqlParameter { Value = (object?)details ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        return Convert.ToInt32(await cmd.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Theory]
    [InlineData("fr", "Envoi trop volumineux", "20 Mio")]
    [InlineData("nl", "Verzending te groot", "20 MiB")]
    public async Task an_upload_over_the_consoles_body_limit_is_a_413_page_in_the_users_language_and_stores_nothing(string language, string title, string text)
    {
        var id = await ServedAsync("cdf-office-l" + language);
        var (browser, _) = await SignedInAsync(Roles.Bailiff, OrganisationKind.BailiffOffice, "cdf-office-l" + language);
        await browser.PostAsync("/console/language", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = BrowserRequests.FormToken(await (await browser.SendAsync(BrowserRequests.Page("/console"), Ct)).Content.ReadAsStringAsync(Ct)),
            ["lang"] = language, ["returnUrl"] = "/console",
        }), Ct);
        var html = await (await browser.SendAsync(BrowserRequests.Page("/console/office/dossiers/" + id), Ct)).Content.ReadAsStringAsync(Ct);
        var file = new byte[DocumentStore.MaxBytes + 2 * 1024 * 1024];
        "%PDF-1.4\n"u8.CopyTo(file);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(BrowserRequests.FormToken(html)), "__RequestVerificationToken" },
            { new StringContent("ServiceWrit"), "kind" },
            { new ByteArrayContent(file), "file", "enorme.pdf" },
        };

        var response = await browser.PostAsync($"/console/office/dossiers/{id}/documents", form, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var body = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));
        Assert.Contains($"<h1>{title}</h1>", body, StringComparison.Ordinal);
        Assert.Contains(text, body, StringComparison.Ordinal);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Empty((await Dossier(id).GetAsync()).Documents);
    }
}
