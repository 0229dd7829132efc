using P4Orleans.Testing;

[assembly: AssemblyFixture(typeof(PostgresRunFixture))]
