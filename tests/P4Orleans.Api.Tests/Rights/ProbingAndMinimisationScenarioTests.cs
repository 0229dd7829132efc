using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using P4Orleans.Api.Security;
using P4Orleans.Api.Tests.Dossiers;
using P4Orleans.Api.Users;
using P4Orleans.Contracts;
using static P4Orleans.Api.Tests.Dossiers.Scenario;

namespace P4Orleans.Api.Tests.Rights;

public sealed class ProbingAndMinimisationScenarioTests : IAsyncLifetime
{
    private static readonly byte[] Pdf = [.. "%PDF-1.4\n%\u00e2\u00e3\n1 0 obj <</Type /Catalog>> endobj\ntrailer <<>>\n%%EOF\n"u8];

    private readonly Scenario _s = new();

    public ValueTask InitializeAsync() => _s.InitializeAsync();

    public ValueTask DisposeAsync() => _s.DisposeAsync();

    [Fact]
    public async Task a_cross_office_probe_answers_404_like_a_missing_dossier_but_is_audited_as_refused_not_assigned_office()
    {
        var onss = await _s.OnssAsync();
        var operators = await _s.OperatorAsync();
        await _s.RegisterOfficeAsync(operators, "liege-a");
        await _s.RegisterOfficeAsync(operators, "namur-a", "namur");
        var (id, _) = await _s.SubmitAndDispatchAsync(onss, operators, Contrainte("ONSS-2026-PROBE"));
        var proberUser = await _s.Api.UserAsync(Roles.Bailiff, OrganisationKind.BailiffOffice, "namur-a");
        var prober = _s.Api.ClientFor(proberUser);
        var missing = "d" + new string('0', 31);

        var bodies = new List<string>();
        foreach (var dossier in new[] { id, missing })
        {
            foreach (var response in new[]
            {
                await prober.GetAsync($"/bailiff/dossiers/{dossier}", Ct),
                await prober.PostAsync($"/bailiff/dossiers/{dossier}/acceptance", null, Ct),
                await prober.PostAsJsonAsync($"/bailiff/dossiers/{dossier}/payments", new PaymentReport(100, _s.Today, PaymentSource.Bailiff, "R"), Json, Ct),
                await prober.GetAsync($"/bailiff/dossiers/{dossier}/documents/{Guid.NewGuid()}", Ct),
            })
            {
                await ExpectAsync(response, HttpStatusCode.NotFound);
                var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
                bodies.Add($"{problem.GetProperty("title").GetString()}|{problem.GetProperty("detail").GetString()}");
            }
        }
        Assert.Single(bodies.Distinct());

        var entries = await EntriesAsync($"userId={proberUser.Id}");
        Assert.Equal(8, entries.Count);
        Assert.All(entries.Where(e => e.GetProperty("dossierId").GetString() == id),
            e => Assert.Equal("refused:not-assigned-office:404", e.GetProperty("outcome").GetString()));
        Assert.All(entries.Where(e => e.GetProperty("dossierId").GetString() == missing),
            e => Assert.Equal("not-found:404", e.GetProperty("outcome").GetString()));
        Assert.Equal(4, entries.Count(e => e.GetProperty("dossierId").GetString() == id));
    }

    [Theory]
    [InlineData("%20")]
    [InlineData("%20%20")]
    [InlineData("%09")]
    public async Task an_id_of_blanks_in_the_path_answers_as_an_unknown_id_of_its_kind_never_a_500_and_is_audited(string blank)
    {
        var onss = await _s.OnssAsync();
        var operatorUser = await _s.Api.UserAsync(Roles.Operator);
        var operators = _s.Api.ClientFor(operatorUser);
        var bailiff = await _s.BailiffAsync("liege-a");
        var chamber = _s.Api.ClientFor(await _s.Api.UserAsync(Roles.ChamberFeed, OrganisationKind.Chamber, "chamber"));
        await _s.RegisterOfficeAsync(operators, "liege-a");
        var (id, _) = await _s.SubmitAndDispatchAsync(onss, operators, Contrainte("ONSS-2026-BLANK-" + blank.Length));
        var office = new BailiffRegistration("Étude", "CH-1", Liege, 10, []);

        foreach (var (client, method, path, body, detail) in new (HttpClient, HttpMethod, string, object?, string)[]
        {
            (onss, HttpMethod.Get, $"/onss/dossiers/{blank}", null, "No such dossier."),
            (onss, HttpMethod.Post, $"/onss/dossiers/{blank}/payments", new PaymentReport(100, _s.Today, PaymentSource.Onss, "R"), "No such dossier."),
            (onss, HttpMethod.Get, $"/onss/dossiers/{blank}/communications", null, "No such dossier."),
            (bailiff, HttpMethod.Get, $"/bailiff/dossiers/{blank}", null, "No such dossier."),
            (bailiff, HttpMethod.Post, $"/bailiff/dossiers/{blank}/acceptance", null, "No such dossier."),
            (operators, HttpMethod.Get, $"/operators/dossiers/{blank}", null, "No such dossier."),
            (operators, HttpMethod.Post, $"/operators/dossiers/{blank}/judgment", new { outcome = "Reduced", date = _s.Today, reducedToCents = 200_000 }, "No such dossier."),
            (operators, HttpMethod.Get, $"/operators/bailiffs/{blank}", null, "No such bailiff office."),
            (operators, HttpMethod.Put, $"/operators/bailiffs/{blank}/capacity", new { value = 5 }, "No such bailiff office."),
            (operators, HttpMethod.Post, $"/operators/dossiers/{id}/disputes/{blank}/decision", new { outcome = "AmountCorrected", decidedOn = _s.Today, correctedToCents = 250_000, note = "n" }, "No such dispute in this dossier."),
            (operators, HttpMethod.Post, $"/operators/dossiers/{id}/communications/{blank}/retry", null, "No such communication."),
            (chamber, HttpMethod.Put, $"/chamber/offices/{blank}", office, "No such bailiff office."),
        })
        {
            using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body, options: Json) };
            var response = await client.SendAsync(request, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(detail, (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString());
        }

        // Nothing was created under a blank key, and each read of a dossier that names nothing is audited as such.
        Assert.Equal(HttpStatusCode.NotFound, (await operators.GetAsync($"/operators/bailiffs/{blank}", Ct)).StatusCode);
        var entries = await EntriesAsync($"userId={operatorUser.Id}&action=dossier.read");
        Assert.Contains(entries, e => e.GetProperty("outcome").GetString() == "not-found:404");
    }

    [Fact]
    public async Task a_document_of_another_dossier_asked_through_ones_own_is_hidden_as_404_and_audited_as_refused()
    {
        var onss = await _s.OnssAsync();
        var operators = await _s.OperatorAsync();
        await _s.RegisterOfficeAsync(operators, "liege-a");
        var (own, _) = await _s.SubmitAndDispatchAsync(onss, operators, Contrainte("ONSS-2026-DOC-OWN"));
        var other = await _s.SubmitAsync(onss, Contrainte("ONSS-2026-DOC-OTHER", Debtor.Default with { Niss = Niss(41) }));
        var body = new ByteArrayContent(Pdf);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        var uploaded = await onss.PostAsync($"/onss/dossiers/{other}/documents", body, Ct);
        await ExpectAsync(uploaded, HttpStatusCode.OK);
        var upload = await ReadAsync<DocumentUpload>(uploaded);
        var bailiffUser = await _s.Api.UserAsync(Roles.Bailiff, OrganisationKind.BailiffOffice, "liege-a");

        var response = await _s.Api.ClientFor(bailiffUser).GetAsync($"/bailiff/dossiers/{own}/documents/{upload.DocumentId}", Ct);

        await ExpectAsync(response, HttpStatusCode.NotFound);
        var entry = Assert.Single(await EntriesAsync($"userId={bailiffUser.Id}&action=dossier.download-document"));
        Assert.Equal("refused:document-of-another-dossier:404", entry.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task operators_and_the_chamber_never_see_the_user_ids_of_an_office()
    {
        var operators = await _s.OperatorAsync();
        var bailiffUser = await _s.Api.UserAsync(Roles.Bailiff, OrganisationKind.BailiffOffice, "liege-a");
        var clerkUser = await _s.Api.UserAsync(Roles.BailiffClerk, OrganisationKind.BailiffOffice, "liege-a");
        string[] userIds = [bailiffUser.Id.ToString(), clerkUser.Id.ToString()];
        var registration = new BailiffRegistration("Étude liege-a", "CH-liege-a", Liege, 10, userIds);
        var chamber = _s.Api.ClientFor(await _s.Api.UserAsync(Roles.ChamberFeed));

        var answers = new List<HttpResponseMessage>
        {
            await operators.PutAsJsonAsync("/operators/bailiffs/liege-a", registration, Json, Ct),
            await operators.GetAsync("/operators/bailiffs", Ct),
            await operators.GetAsync("/operators/bailiffs/liege-a", Ct),
            await operators.PutAsJsonAsync("/operators/bailiffs/liege-a/capacity", new { value = 12 }, Json, Ct),
            await operators.PutAsJsonAsync("/operators/bailiffs/liege-a/status", new { status = "Active" }, Json, Ct),
            await chamber.PutAsJsonAsync("/chamber/offices/liege-a", registration, Json, Ct),
            await chamber.PostAsync("/chamber/offices/liege-a/departure", null, Ct),
        };
        foreach (var answer in answers)
        {
            await ExpectAsync(answer, HttpStatusCode.OK);
            var text = await answer.Content.ReadAsStringAsync(Ct);
            Assert.DoesNotContain("userIds", text, StringComparison.OrdinalIgnoreCase);
            Assert.All(userIds, u => Assert.DoesNotContain(u, text, StringComparison.OrdinalIgnoreCase));
        }
        // The Chamber gets the roster entry back, not the office's dossiers, load or performance.
        var roster = await answers[5].Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(["officeId", "name", "chamberNumber", "arrondissementId", "status", "capacity"], roster.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task me_shows_each_user_only_their_own_record_and_lists_carry_no_user_ids()
    {
        var onssUser = await _s.Api.UserAsync(Roles.OnssAgent, OrganisationKind.Onss, "onss");
        var onss = _s.Api.ClientFor(onssUser);
        var operators = await _s.OperatorAsync();
        await _s.RegisterOfficeAsync(operators, "liege-a");
        var (id, _) = await _s.SubmitAndDispatchAsync(onss, operators, Contrainte("ONSS-2026-MINIMAL"));
        var bailiffUser = await _s.Api.UserAsync(Roles.Bailiff, OrganisationKind.BailiffOffice, "liege-a");
        var bailiff = _s.Api.ClientFor(bailiffUser);
        await PostAsync(bailiff, $"/bailiff/dossiers/{id}/acceptance", null);

        var me = await bailiff.GetFromJsonAsync<JsonElement>("/me", Ct);
        Assert.Equal(bailiffUser.Id, me.GetProperty("id").GetGuid());
        foreach (var (client, path) in new[]
        {
            (operators, $"/operators/dossiers/{id}"), (operators, "/operators/dossiers"), (onss, $"/onss/dossiers/{id}"), (onss, "/onss/dossiers"),
            (bailiff, $"/bailiff/dossiers/{id}"), (bailiff, "/bailiff/dossiers"),
        })
        {
            var text = await client.GetStringAsync(path, Ct);
            Assert.DoesNotContain(bailiffUser.Id.ToString(), text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(onssUser.Id.ToString(), text, StringComparison.OrdinalIgnoreCase);
        }
    }

    private async Task<List<JsonElement>> EntriesAsync(string filter)
    {
        var page = await (await _s.AuditorAsync()).GetFromJsonAsync<JsonElement>($"/security/audit?limit=1000&{filter}", Json, Ct);
        return [.. page.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("entry"))];
    }
}
