using System.Net;
using System.Net.Http.Json;
using System.Text;
using static P4Orleans.Api.Tests.Dossiers.Scenario;

namespace P4Orleans.Api.Tests.Dossiers;

public sealed class MalformedTitleTests : IAsyncLifetime
{
    private readonly Scenario _s = new();

    public ValueTask InitializeAsync() => _s.InitializeAsync();

    public ValueTask DisposeAsync() => _s.DisposeAsync();

    [Theory]
    [InlineData("{\"reference\": \"ONSS-MISSING-1\"}")]
    [InlineData("{\"reference\": \"ONSS-MISSING-2\", \"titleKind\": \"Contrainte\", \"issueDate\": \"2026-02-20\"}")]
    [InlineData("{\"reference\": \"ONSS-MISSING-3\", \"titleKind\": \"Contrainte\", \"issueDate\": \"2026-02-20\", \"signatoryQuality\": \"x\", \"debtor\": {\"kind\": \"Natural\"}, \"amounts\": []}")]
    [InlineData("{\"reference\": \"\", \"titleKind\": \"Contrainte\"}")]
    [InlineData("{\"reference\": \"ONSS-BADENUM\", \"titleKind\": \"Parking fine\"}")]
    [InlineData("[]")]
    public async Task a_title_with_missing_or_malformed_parts_is_a_400_problem_never_a_500(string body)
    {
        var onss = await _s.OnssAsync();
        var response = await onss.PostAsync("/onss/dossiers", new StringContent(body, Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var page = await onss.GetFromJsonAsync<Api.Dossiers.DossierPage>("/onss/dossiers", Json, Ct);
        Assert.Empty(page!.Items);
    }
}
