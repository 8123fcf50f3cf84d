using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MioKarte.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class FacilityUsersPatientLinksAccessLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "DisabledAtUtc",
                table: "AspNetUsers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DisplayNameKana",
                table: "AspNetUsers",
                type: "TEXT",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Job",
                table: "AspNetUsers",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Rights",
                table: "AspNetUsers",
                type: "TEXT",
                maxLength: 40,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTime>(
                name: "ValidFromUtc",
                table: "AspNetUsers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ValidUntilUtc",
                table: "AspNetUsers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AccessLog",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FacilityId = table.Column<Guid>(type: "TEXT", nullable: true),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    DisplayName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    TerminalCertificateId = table.Column<Guid>(type: "TEXT", nullable: true),
                    TerminalName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    FacilityPatientId = table.Column<Guid>(type: "TEXT", nullable: true),
                    PatientLinkId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Action = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Target = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    IsEmergency = table.Column<bool>(type: "INTEGER", nullable: false),
                    RequestId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    PreviousHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AccessLog", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "FacilityPatients",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    FacilityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    LocalPatientId = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    NameKanji = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    NameKana = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Sex = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    BirthDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FacilityPatients", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FacilityPatients_Facilities_FacilityId",
                        column: x => x.FacilityId,
                        principalTable: "Facilities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PatientLinks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    FacilityPatientId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FacilityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DisclosingFacilityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DisclosingPatientId = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ConsentDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ConsentObtainedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ConsentScanFile = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ConsentScanContentType = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    ConsentValidUntilUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LinkedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LinkedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    WithdrawnAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    WithdrawnBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    WithdrawalReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PatientLinks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PatientLinks_Facilities_DisclosingFacilityId",
                        column: x => x.DisclosingFacilityId,
                        principalTable: "Facilities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PatientLinks_Facilities_FacilityId",
                        column: x => x.FacilityId,
                        principalTable: "Facilities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PatientLinks_FacilityPatients_FacilityPatientId",
                        column: x => x.FacilityPatientId,
                        principalTable: "FacilityPatients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AccessLog_AtUtc",
                table: "AccessLog",
                column: "AtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_AccessLog_FacilityId_AtUtc",
                table: "AccessLog",
                columns: new[] { "FacilityId", "AtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_AccessLog_FacilityPatientId_AtUtc",
                table: "AccessLog",
                columns: new[] { "FacilityPatientId", "AtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_FacilityPatients_FacilityId_BirthDate",
                table: "FacilityPatients",
                columns: new[] { "FacilityId", "BirthDate" });

            migrationBuilder.CreateIndex(
                name: "IX_FacilityPatients_FacilityId_LocalPatientId",
                table: "FacilityPatients",
                columns: new[] { "FacilityId", "LocalPatientId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_FacilityPatients_FacilityId_NameKana",
                table: "FacilityPatients",
                columns: new[] { "FacilityId", "NameKana" });

            migrationBuilder.CreateIndex(
                name: "IX_PatientLinks_DisclosingFacilityId",
                table: "PatientLinks",
                column: "DisclosingFacilityId");

            migrationBuilder.CreateIndex(
                name: "IX_PatientLinks_FacilityId_DisclosingFacilityId_DisclosingPatientId",
                table: "PatientLinks",
                columns: new[] { "FacilityId", "DisclosingFacilityId", "DisclosingPatientId" });

            migrationBuilder.CreateIndex(
                name: "IX_PatientLinks_FacilityPatientId",
                table: "PatientLinks",
                column: "FacilityPatientId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AccessLog");

            migrationBuilder.DropTable(
                name: "PatientLinks");

            migrationBuilder.DropTable(
                name: "FacilityPatients");

            migrationBuilder.DropColumn(
                name: "DisabledAtUtc",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "DisplayNameKana",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "Job",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "Rights",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "ValidFromUtc",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "ValidUntilUtc",
                table: "AspNetUsers");
        }
    }
}
