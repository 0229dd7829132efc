using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using P4Orleans.Api.Tests.Dossiers;
using P4Orleans.Contracts;
using static P4Orleans.Api.Tests.Dossiers.Scenario;

namespace P4Orleans.Api.Tests.Input;

/// <summary>The defects of bad input named by the issue, each a 400 problem with its field, and nothing written.</summary>
public sealed class InputValidationTests : IAsyncLifetime
{
    private readonly Scenario _s = new();

    public ValueTask InitializeAsync() => _s.InitializeAsync();

    public ValueTask DisposeAsync() => _s.DisposeAsync();

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static string Title(Action<Dictionary<string, object?>> change)
    {
        var title = JsonSerializer.SerializeToNode(Contrainte("ONSS-IN-1"), Scenario.Json)!.AsObject();
        var dictionary = title.ToDictionary(p => p.Key, p => (object?)p.Value?.DeepClone());
        change(dictionary);
        return JsonSerializer.Serialize(dictionary, Scenario.Json);
    }

    private async Task<JsonElement> RefusedAsync(HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"expected 400, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {body}");
        return problem;
    }

    private async Task NoDossierAsync(HttpClient onss)
    {
        var page = await onss.GetFromJsonAsync<Api.Dossiers.DossierPage>("/onss/dossiers", Scenario.Json, Ct);
        Assert.Empty(page!.Items);
    }

    [Theory]
    [InlineData("debtor.name")]
    [InlineData("signatoryQuality")]
    [InlineData("debtor.address.street")]
    [InlineData("debtor.firstNames")]
    public async Task a_nul_character_in_any_text_of_a_title_is_a_400_with_its_field(string field)
    {
        var onss = await _s.OnssAsync();
        var title = JsonSerializer.SerializeToNode(Contrainte("ONSS-NUL-1"), Scenario.Json)!;
        var parts = field.Split('.');
        var node = parts[..^1].Aggregate(title, (n, p) => n[p]!);
        node[parts[^1]] = "Van\0dermeulen";
        await RefusedAsync(await onss.PostAsync("/onss/dossiers", Json(title.ToJsonString()), Ct), field);
        await NoDossierAsync(onss);
    }

    [Theory]
    [InlineData("/onss/dossiers?after=a%00b", "after")]
    [InlineData("/onss/dossiers?status=Served%00", "status")]
    public async Task a_nul_character_in_a_query_parameter_is_a_400_problem(string path, string field)
    {
        var onss = await _s.OnssAsync();
        await RefusedAsync(await onss.GetAsync(path, Ct), field);
    }

    [Theory]
    [InlineData("amounts", "[null]", "amounts[0]")]
    [InlineData("thirdParties", "[null]", "thirdParties[0]")]
    [InlineData("amounts", "[{\"component\":\"Contributions\",\"cents\":9223372036854775000},{\"component\":\"LateInterest\",\"cents\":9223372036854775000}]", "amounts[0].cents")]
    [InlineData("amounts", "[{\"component\":\"Contributions\",\"cents\":60000000000},{\"component\":\"LateInterest\",\"cents\":60000000000}]", "amounts")]
    [InlineData("titleKind", "0", "titleKind")]
    [InlineData("formalNoticeDate", "\"0001-01-01\"", "formalNoticeDate")]
    [InlineData("issueDate", "\"0001-01-01\"", "issueDate")]
    [InlineData("contributionDueDate", "\"0001-01-01\"", "contributionDueDate")]
    public async Task a_malformed_part_of_a_title_is_a_400_with_its_field_and_writes_nothing(string property, string json, string field)
    {
        var onss = await _s.OnssAsync();
        var body = Title(t => t[property] = JsonDocument.Parse(json).RootElement);
        await RefusedAsync(await onss.PostAsync("/onss/dossiers", Json(body), Ct), field);
        await NoDossierAsync(onss);
    }

    [Theory]
    [InlineData("ZZ", "debtor.residenceCountry")]
    [InlineData("UK", "debtor.residenceCountry")]
    public async Task a_residence_country_that_is_not_iso_3166_is_refused(string country, string field)
    {
        var onss = await _s.OnssAsync();
        var title = Contrainte("ONSS-ZZ-1");
        title = title with { Debtor = title.Debtor with { ResidenceCountry = country } };
        await RefusedAsync(await onss.PostAsJsonAsync("/onss/dossiers", title, Scenario.Json, Ct), field);
        await NoDossierAsync(onss);
    }

    [Theory]
    [InlineData(InputLimits.NameLength + 1, "debtor.name")]
    [InlineData(1024 * 1024, "debtor.name")]
    [InlineData(1024 * 1024, "signatoryQuality")]
    public async Task a_text_longer_than_its_limit_is_refused(int length, string field)
    {
        var onss = await _s.OnssAsync();
        var title = Contrainte("ONSS-LONG-1");
        var text = new string('a', length);
        title = field == "signatoryQuality" ? title with { SignatoryQuality = text } : title with { Debtor = title.Debtor with { Name = text } };
        await RefusedAsync(await onss.PostAsJsonAsync("/onss/dossiers", title, Scenario.Json, Ct), field);
        await NoDossierAsync(onss);
    }

    [Fact]
    public async Task a_text_at_its_limit_is_accepted()
    {
        var onss = await _s.OnssAsync();
        var title = Contrainte("ONSS-EDGE-1");
        title = title with { Debtor = title.Debtor with { Name = new string('a', InputLimits.NameLength) } };
        await _s.SubmitAsync(onss, title);
    }

    [Fact]
    public async Task an_office_id_of_5000_characters_is_refused_and_registers_nothing()
    {
        var operators = await _s.OperatorAsync();
        var id = new string('o', 5000);
        var response = await operators.PutAsJsonAsync($"/operators/bailiffs/{id}", new BailiffRegistration("Étude", "CH-1", Liege, 5), Scenario.Json, Ct);
        await RefusedAsync(response, "officeId");
        Assert.Empty(await operators.GetFromJsonAsync<BailiffView[]>("/operators/bailiffs", Scenario.Json, Ct) ?? []);
    }

    [Theory]
    [InlineData("{}", "value")]
    [InlineData("{\"value\": null}", "value")]
    [InlineData("{\"value\": \"ten\"}", "value")]
    [InlineData("{\"value\": -1}", "value")]
    [InlineData("{\"value\": 100000000}", "value")]
    public async Task a_capacity_without_a_valid_value_is_refused_and_leaves_the_capacity(string body, string field)
    {
        var operators = await _s.OperatorAsync();
        await _s.RegisterOfficeAsync(operators, "office-cap", capacity: 7);
        await RefusedAsync(await operators.PutAsync("/operators/bailiffs/office-cap/capacity", Json(body), Ct), field);
        Assert.Equal(7, (await OfficeAsync(operators, "office-cap")).Capacity);
    }

    [Theory]
    [InlineData("{\"roles\": null}", "roles")]
    [InlineData("{\"roles\": [null]}", "roles[0]")]
    [InlineData("{}", "roles")]
    public async Task roles_null_or_missing_is_a_400_with_the_field(string body, string field)
    {
        var registrar = _s.Api.ClientFor(await _s.Api.UserAsync(Api.Security.Roles.UserRegistrar));
        var target = await _s.Api.UserAsync(Api.Security.Roles.Operator);
        await RefusedAsync(await registrar.PutAsync($"/admin/users/{target.Id}/roles", Json(body), Ct), field);
        Assert.Equal([Api.Security.Roles.Operator], (await _s.Api.Registry.FindAsync(target.Id, Ct))!.Roles);
    }

    [Theory]
    [InlineData("/law/deadline?window=Opposition&event=Service&date=0001-01-01", "date")]
    [InlineData("/law/deadline?window=Opposition&event=Service&date=9999-12-31", "date")]
    [InlineData("/law/deadline?window=Opposition&event=Service&date=2025-06-30&residence=ZZ", "residence")]
    [InlineData("/law/deadline?window=0&date=2025-06-30", "window")]
    [InlineData("/law/deadline?window=7&date=2025-06-30", "window")]
    [InlineData("/law/seizable?incomeCents=200000&date=1900-01-01", "date")]
    [InlineData("/law/seizable?incomeCents=200000&date=2020-01-01", "date")]
    [InlineData("/law/seizable?incomeCents=9223372036854775807&date=2026-03-01", "incomeCents")]
    [InlineData("/law/tariff?act=ServiceOfContrainte&claimCents=9223372036854775807&date=2025-01-10", "claimCents")]
    [InlineData("/law/tariff?act=ServiceOfContrainte&claimCents=100&date=0001-01-01", "date")]
    [InlineData("/law/arrondissement?postalCode=4000&country=ZZ", "country")]
    [InlineData("/law/deadline?window=Opposition&date=not-a-date", "date")]
    [InlineData("/onss/dossiers?limit=abc", "limit")]
    public async Task a_law_question_outside_the_engine_range_is_a_400_with_its_parameter(string path, string field)
    {
        var client = path.StartsWith("/onss", StringComparison.Ordinal) ? await _s.OnssAsync() : await _s.OperatorAsync();
        await RefusedAsync(await client.GetAsync(path, Ct), field);
    }

    [Theory]
    [InlineData("2026-12-04T23:30:00Z", "2036-12-05")] // 00:30 in Brussels on 5 December (winter time)
    [InlineData("2027-06-30T22:10:00Z", "2037-07-01")] // 00:10 in Brussels on 1 July (summer time)
    public async Task the_plausible_range_of_a_date_ends_ten_years_after_the_brussels_date_not_the_utc_one(string now, string latest)
    {
        _s.Clock.SetUtcNow(DateTimeOffset.Parse(now, CultureInfo.InvariantCulture));
        var client = await _s.OperatorAsync();
        var last = DateOnly.Parse(latest, CultureInfo.InvariantCulture);

        var atLimit = await client.GetAsync($"/law/deadline?window=Opposition&event=Service&date={last:yyyy-MM-dd}", Ct);
        Assert.True(atLimit.IsSuccessStatusCode, $"{(int)atLimit.StatusCode}: {await atLimit.Content.ReadAsStringAsync(Ct)}");
        await RefusedAsync(await client.GetAsync($"/law/deadline?window=Opposition&event=Service&date={last.AddDays(1):yyyy-MM-dd}", Ct), "date");
    }

    [Fact]
    public async Task a_document_over_20_mib_is_a_413_problem_not_a_415()
    {
        var onss = await _s.OnssAsync();
        var id = await _s.SubmitAsync(onss, Contrainte("ONSS-DOC-BIG"));
        var content = new byte[(20 * 1024 * 1024) + 1];
        "%PDF-"u8.CopyTo(content);
        using var declared = new ByteArrayContent(content);
        declared.Headers.ContentType = new("application/pdf");
        var response = await onss.PostAsync($"/onss/dossiers/{id}/documents", declared, Ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);

        // Without a declared length, the size is found while reading: 413 as well.
        using var chunked = new StreamContent(new MemoryStream(content));
        chunked.Headers.ContentType = new("application/pdf");
        var request = new HttpRequestMessage(HttpMethod.Post, $"/onss/dossiers/{id}/documents") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await onss.SendAsync(request, Ct)).StatusCode);
        Assert.Empty((await ViewAsync(onss, $"/onss/dossiers/{id}")).Documents);
    }
}
