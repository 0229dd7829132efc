using P4Orleans.Api.Problems;
using P4Orleans.Api.Users;

namespace P4Orleans.Api.Tests;

/// <summary>Values a table's CHECK would refuse are refused before the database sees them (its error would quote the row).</summary>
public sealed class ValidationBeforeDatabaseTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Theory]
    [InlineData(-1)]
    [InlineData(4)]
    [InlineData(99)]
    [InlineData(int.MaxValue)]
    public async Task an_organisation_kind_outside_the_list_is_a_validation_error_not_a_check_violation(int kind)
    {
        var user = new NewUser(api.NextNationalNumber(), "Jeanne Checkviolation", (OrganisationKind)kind, "concessionaire", ["Operator"]);
        var e = await Assert.ThrowsAsync<ValidationFailedException>(() => api.Registry.AddAsync(user, TestContext.Current.CancellationToken));
        Assert.Equal("organisationKind", e.Field);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3)]
    [InlineData(1000)]
    public async Task a_status_outside_the_list_is_a_validation_error_not_a_check_violation(int status)
    {
        var user = await api.UserAsync("Operator");
        var e = await Assert.ThrowsAsync<ValidationFailedException>(() => api.Registry.SetStatusAsync(user.Id, (UserStatus)status, TestContext.Current.CancellationToken));
        Assert.Equal("status", e.Field);
        Assert.Equal(UserStatus.Active, (await api.Registry.FindAsync(user.Id, TestContext.Current.CancellationToken))!.Status);
    }
}
