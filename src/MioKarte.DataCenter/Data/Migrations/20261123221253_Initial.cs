using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MioKarte.DataCenter.Data.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Resources",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ResourceType = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    LogicalId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    FacilityCode = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    SourceKey = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    PatientId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ClinicalDate = table.Column<long>(type: "INTEGER", nullable: true),
                    Category = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    VersionId = table.Column<int>(type: "INTEGER", nullable: false),
                    LastUpdated = table.Column<long>(type: "INTEGER", nullable: false),
                    Json = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Resources", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ResourceIdentifiers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    StoredResourceId = table.Column<long>(type: "INTEGER", nullable: false),
                    System = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ResourceIdentifiers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ResourceIdentifiers_Resources_StoredResourceId",
                        column: x => x.StoredResourceId,
                        principalTable: "Resources",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ResourceIdentifiers_StoredResourceId",
                table: "ResourceIdentifiers",
                column: "StoredResourceId");

            migrationBuilder.CreateIndex(
                name: "IX_ResourceIdentifiers_System_Value",
                table: "ResourceIdentifiers",
                columns: new[] { "System", "Value" });

            migrationBuilder.CreateIndex(
                name: "IX_Resources_FacilityCode_ResourceType_SourceKey",
                table: "Resources",
                columns: new[] { "FacilityCode", "ResourceType", "SourceKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Resources_PatientId_ResourceType_ClinicalDate_FacilityCode_Category",
                table: "Resources",
                columns: new[] { "PatientId", "ResourceType", "ClinicalDate", "FacilityCode", "Category" });

            migrationBuilder.CreateIndex(
                name: "IX_Resources_ResourceType_LogicalId",
                table: "Resources",
                columns: new[] { "ResourceType", "LogicalId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ResourceIdentifiers");

            migrationBuilder.DropTable(
                name: "Resources");
        }
    }
}
