namespace P4Orleans.Testing;

/// <summary>A migrated database of its own for one test class (use as <c>IClassFixture&lt;ClassDatabase&gt;</c>).</summary>
public sealed class ClassDatabase : Xunit.IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";

    public async ValueTask InitializeAsync() => ConnectionString = await TestPostgres.CreateDatabaseAsync("t");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
