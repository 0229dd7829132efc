using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using P4Orleans.Api.Dossiers;
using P4Orleans.Api.Security;
using P4Orleans.Contracts;
using static P4Orleans.Api.Tests.Dossiers.Scenario;

namespace P4Orleans.Api.Tests.Dossiers;

public sealed class DossierAccessScenarioTests : IAsyncLifetime
{
    private static readonly byte[] Pdf = [.. "%PDF-1.4\n%\u00e2\u00e3\n1 0 obj <</Type /Catalog>> endobj\ntrailer <<>>\n%%EOF\n"u8];

    private readonly Scenario _s = new();

    public ValueTask InitializeAsync() => _s.InitializeAsync();

    public ValueTask DisposeAsync() => _s.DisposeAsync();

    [Fact]
    public async Task a_bailiff_reaching_another_offices_dossier_gets_404_and_an_onss_agent_cannot_use_the_bailiff_endpoints()
    {
        var onss = await _s.OnssAsync();
        var operators = await _s.OperatorAsync();
        await _s.RegisterOfficeAsync(operators, "liege-a");
        await _s.RegisterOfficeAsync(operators, "namur-a", "namur");
        var (id, office) = await _s.SubmitAndDispatchAsync(onss, operators, Contrainte("ONSS-2026-ACCESS"));
        Assert.Equal("liege-a", office);
        var document = await ReadAsync<DocumentUpload>(await UploadAsync(onss, $"/onss/dossiers/{id}/documents", Pdf, "application/pdf"));
        var other = await _s.BailiffAsync("namur-a");
        var unknown = "d" + new string('0', 31);

        foreach (var dossier in new[] { id, unknown })
        {
            var responses = new[]
            {
                await other.GetAsync($"/bailiff/dossiers/{dossier}", Ct),
                await other.PostAsync($"/bailiff/dossiers/{dossier}/acceptance", null, Ct),
                await other.PostAsJsonAsync($"/bailiff/dossiers/{dossier}/refusal", new BailiffApi.Refusal(RefusalReason.Other, "no"), Json, Ct),
                await other.PostAsJsonAsync($"/bailiff/dossiers/{dossier}/service", new ServiceReport(_s.Today, ServiceMode.InPerson, null), Json, Ct),
                await other.PostAsJsonAsync($"/bailiff/dossiers/{dossier}/payments", new PaymentReport(100, _s.Today, PaymentSource.Bailiff, "R"), Json, Ct),
                await other.PostAsync($"/bailiff/dossiers/{dossier}/intervention-closure", null, Ct),
                await other.GetAsync($"/bailiff/dossiers/{dossier}/documents/{document.DocumentId}", Ct),
                await UploadAsync(other, $"/bailiff/dossiers/{dossier}/documents?kind=Other", Pdf, "application/pdf", HttpStatusCode.NotFound),
            };
            foreach (var response in responses)
            {
                Assert.True(response.StatusCode == HttpStatusCode.NotFound,
                    $"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri!.PathAndQuery}: {(int)response.StatusCode}");
                Assert.Contains("No such dossier", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
            }
        }
        Assert.Empty((await other.GetFromJsonAsync<DossierPage>("/bailiff/dossiers", Json, Ct))!.Items);
        Assert.Equal(DossierStatus.Assigned, (await ViewAsync(onss, $"/onss/dossiers/{id}")).Status);

        // ONSS is not a bailiff, even with the office's id as its organisation; a bailiff is not ONSS.
        var onssAsOffice = _s.Api.ClientFor(await _s.Api.UserAsync(Roles.OnssAgent, Users.OrganisationKind.Onss, "liege-a"));
        foreach (var client in new[] { onss, onssAsOffice })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/bailiff/dossiers", Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/bailiff/dossiers/{id}", Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync($"/bailiff/dossiers/{id}/acceptance", null, Ct)).StatusCode);
        }
        var own = await _s.BailiffAsync(office);
        Assert.Equal(HttpStatusCode.Forbidden, (await own.GetAsync($"/onss/dossiers/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await own.GetAsync($"/bailiff/dossiers/{id}", Ct)).StatusCode);
        // A clerk of the office works it too.
        await PostAsync(await _s.BailiffAsync(office, Roles.BailiffClerk), $"/bailiff/dossiers/{id}/acceptance", null);
    }

    [Fact]
    public async Task illegal_commands_give_409_problem_details_with_the_current_status_and_the_allowed_commands()
    {
        var onss = await _s.OnssAsync();
        var operators = await _s.OperatorAsync();
        var id = await _s.SubmitAsync(onss, Contrainte("ONSS-2026-ILLEGAL"));

        // Nothing assigned yet: a judgment has nothing to rule on.
        var judgment = await operators.PostAsJsonAsync($"/operators/dossiers/{id}/judgment", new JudgmentReport(JudgmentOutcome.Upheld, _s.Today), Json, Ct);
        var problem = await ConflictAsync(judgment);
        Assert.Equal(nameof(DossierStatus.AwaitingDispatch), problem.GetProperty("currentStatus").GetString());
        Assert.Contains(nameof(DossierCommand.Withdraw), Allowed(problem));
        Assert.DoesNotContain(nameof(DossierCommand.RecordJudgment), Allowed(problem));

        // Assigned but not accepted: the office cannot report a service yet.
        await _s.RegisterOfficeAsync(operators, "liege-a");
        await _s.DispatchAsync();
        var bailiff = await _s.BailiffAsync("liege-a");
        var service = await bailiff.PostAsJsonAsync($"/bailiff/dossiers/{id}/service", new ServiceReport(_s.Today, ServiceMode.InPerson, null), Json, Ct);
        problem = await ConflictAsync(service);
        Assert.Contains(nameof(DossierCommand.Accept), Allowed(problem));
        Assert.Contains(nameof(DossierCommand.Refuse), Allowed(problem));
        Assert.DoesNotContain(nameof(DossierCommand.ReportService), Allowed(problem));
        Assert.Equal(nameof(DossierStatus.Assigned), problem.GetProperty("currentStatus").GetString());
        Assert.Contains("Assigned", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // Accepted twice: the second is refused and the dossier is unchanged.
        await PostAsync(bailiff, $"/bailiff/dossiers/{id}/acceptance", null);
        problem = await ConflictAsync(await bailiff.PostAsync($"/bailiff/dossiers/{id}/acceptance", null, Ct));
        Assert.Contains(nameof(DossierCommand.ReportService), Allowed(problem));
        Assert.Equal(DossierStatus.Accepted, (await ViewAsync(onss, $"/onss/dossiers/{id}")).Status);
    }

    [Fact]
    public async Task a_scanned_title_is_stored_with_its_sha256_a_fake_pdf_is_refused_and_the_assigned_office_downloads_the_same_bytes()
    {
        var onss = await _s.OnssAsync();
        var operators = await _s.OperatorAsync();
        await _s.RegisterOfficeAsync(operators, "liege-a");
        var id = await _s.SubmitAsync(onss, Contrainte("ONSS-2026-SCAN"));

        var upload = await ReadAsync<DocumentUpload>(await UploadAsync(onss, $"/onss/dossiers/{id}/documents", Pdf, "application/pdf"));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Pdf)), upload.Sha256);
        Assert.Equal("application/pdf", upload.ContentType);
        Assert.Equal(DocumentKind.ScannedTitle, upload.Kind);
        Assert.Equal(Pdf.Length, upload.SizeBytes);
        var octet = await ReadAsync<DocumentUpload>(await UploadAsync(onss, $"/onss/dossiers/{id}/documents", Pdf, "application/octet-stream"));
        Assert.Equal(upload.Sha256, octet.Sha256);

        var fake = await UploadAsync(onss, $"/onss/dossiers/{id}/documents", "This is not a PDF, only text."u8.ToArray(), "application/pdf",
            HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("application/problem+json", fake.Content.Headers.ContentType?.MediaType);
        var view = await ViewAsync(onss, $"/onss/dossiers/{id}");
        Assert.Equal(2, view.Documents.Count);
        Assert.Contains(view.Documents, d => d.DocumentId == upload.DocumentId && d.Sha256 == upload.Sha256);

        await _s.DispatchAsync();
        var bailiff = await _s.BailiffAsync("liege-a");
        var download = await bailiff.GetAsync($"/bailiff/dossiers/{id}/documents/{upload.DocumentId}", Ct);
        await ExpectAsync(download, HttpStatusCode.OK);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(HttpStatusCode.NotFound, (await bailiff.GetAsync($"/bailiff/dossiers/{id}/documents/{Guid.NewGuid()}", Ct)).StatusCode);
    }

    [Fact]
    public async Task every_access_to_a_dossier_leaves_an_audit_entry_with_the_dossier_id()
    {
        var onss = await _s.OnssAsync();
        var operators = await _s.OperatorAsync();
        await _s.RegisterOfficeAsync(operators, "liege-a");
        await _s.RegisterOfficeAsync(operators, "namur-a", "namur");
        var id = await _s.SubmitAsync(onss, Contrainte("ONSS-2026-AUDIT"));
        await _s.DispatchAsync();
        var bailiff = await _s.BailiffAsync("liege-a");
        await ViewAsync(onss, $"/onss/dossiers/{id}");
        await ViewAsync(operators, $"/operators/dossiers/{id}");
        await ViewAsync(bailiff, $"/bailiff/dossiers/{id}");
        await PostAsync(bailiff, $"/bailiff/dossiers/{id}/acceptance", null);
        var upload = await ReadAsync<DocumentUpload>(await UploadAsync(bailiff, $"/bailiff/dossiers/{id}/documents?kind=CentralFileExtract", Pdf, "application/pdf"));
        await ExpectAsync(await bailiff.GetAsync($"/bailiff/dossiers/{id}/documents/{upload.DocumentId}", Ct), HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NotFound, (await (await _s.BailiffAsync("namur-a")).GetAsync($"/bailiff/dossiers/{id}", Ct)).StatusCode);

        var page = await (await _s.AuditorAsync()).GetFromJsonAsync<JsonElement>($"/security/audit?dossierId={id}&limit=1000", Json, Ct);
        var entries = page.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("entry")).ToList();
        Assert.All(entries, e => Assert.Equal(id, e.GetProperty("dossierId").GetString()));
        var seen = entries.Select(e => (Action: e.GetProperty("action").GetString(), Outcome: e.GetProperty("outcome").GetString())).ToList();
        Assert.Contains(("dossier.submit", "ok:201"), seen);
        Assert.Equal(3, seen.Count(e => e == ("dossier.read", "ok:200")));
        Assert.Contains(("dossier.read", "refused:not-assigned-office:404"), seen);
        Assert.Contains(("dossier.accept", "ok:200"), seen);
        Assert.Contains(("dossier.attach-document", "ok:200"), seen);
        Assert.Contains(("dossier.download-document", "ok:200"), seen);
        Assert.All(entries, e => Assert.False(string.IsNullOrEmpty(e.GetProperty("requestId").GetString())));
    }

    private static async Task<JsonElement> ConflictAsync(HttpResponseMessage response)
    {
        await ExpectAsync(response, HttpStatusCode.Conflict);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(409, problem.GetProperty("status").GetInt32());
        return problem;
    }

    private static List<string?> Allowed(JsonElement problem) => [.. problem.GetProperty("allowed").EnumerateArray().Select(a => a.GetString())];

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string path, byte[] content, string contentType,
        HttpStatusCode status = HttpStatusCode.OK)
    {
        var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        var response = await client.PostAsync(path, body, Ct);
        await ExpectAsync(response, status);
        return response;
    }
}
