using DuckDB.NET.Data;

namespace DataGen.Tests.Support;

/// <summary>An independent Parquet reader for the tests: DuckDB's <c>read_parquet</c>.</summary>
internal static class DuckDb
{
    public static List<Dictionary<string, object?>> Query(string sql)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<Dictionary<string, object?>>();
        while (reader.Read())
        {
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    public static List<string> Columns(string parquetPath) =>
        [.. Query($"DESCRIBE SELECT * FROM read_parquet('{parquetPath}')").Select(r => (string)r["column_name"]!)];

    public static long Count(string glob) => Convert.ToInt64(Query($"SELECT count(*) AS n FROM read_parquet('{glob}')")[0]["n"], System.Globalization.CultureInfo.InvariantCulture);
}
