package dev.msa.operator;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameStartingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layers of docs/architecture.md, checked on the compiled main classes. */
class LayeringTest {
  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main =
        new ClassFileImporter()
            .withImportOption(new ImportOption.DoNotIncludeTests())
            .importPackages("dev.msa.operator");
  }

  @Test
  void importsTheMainClassesOnly() {
    assertThat(main.containPackage("dev.msa.operator.model")).isTrue();
    assertThat(main.contain("dev.msa.operator.model.DesiredDeployment")).isTrue();
    assertThat(main.contain(LayeringTest.class)).isFalse();
  }

  @Test
  void modelDoesNoIo() {
    DescribedPredicate<JavaClass> io =
        resideInAnyPackage(
                "io.fabric8.kubernetes.client..",
                "io.javaoperatorsdk..",
                "software.amazon.awssdk..",
                "java.net..",
                "java.nio.file..")
            .or(resideInAPackage("java.io").and(simpleNameStartingWith("File")));

    noClasses()
        .that()
        .resideInAPackage("dev.msa.operator.model..")
        .should()
        .dependOnClassesThat(io)
        .because("model builds desired state as pure functions; I/O belongs to aws and reconciler")
        .check(main);
  }

  @Test
  void modelDependsOnNeitherReconcilerNorAws() {
    noClasses()
        .that()
        .resideInAPackage("dev.msa.operator.model..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.msa.operator.reconciler..", "dev.msa.operator.aws..")
        .because("dependencies point down: reconciler and aws use model, not the other way")
        .check(main);
  }

  @Test
  void onlyTheAwsLayerTalksToTheAwsSdk() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.msa.operator.reconciler..", "dev.msa.operator.model..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("software.amazon.awssdk..")
        .because(
            "the AWS SDK stays behind the adapters of dev.msa.operator.aws: the reconcilers"
                + " orchestrate AwsResource calls and the model computes deltas")
        .check(main);
  }

  @Test
  void apiDependsOnNothingElseOfTheOperator() {
    noClasses()
        .that()
        .resideInAPackage("dev.msa.operator.api..")
        .should()
        .dependOnClassesThat(
            resideInAPackage("dev.msa.operator..")
                .and(not(resideInAPackage("dev.msa.operator.api.."))))
        .because("api is the bottom layer: the CRD classes users write")
        .check(main);
  }

  @Test
  void operationsDependsOnNoOtherLayerButApiAndConfig() {
    noClasses()
        .that()
        .resideInAPackage("dev.msa.operator.operations..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.msa.operator.reconciler..", "dev.msa.operator.model..", "dev.msa.operator.aws..")
        .because("the reconciler reports to operations, not the other way round")
        .check(main);
  }

  @Test
  void configDependsOnNeitherReconcilerNorModel() {
    noClasses()
        .that()
        .resideInAPackage("dev.msa.operator.config..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.msa.operator.reconciler..", "dev.msa.operator.model..", "dev.msa.operator.aws..")
        .because("configuration is read once at start-up, before any layer runs")
        .check(main);
  }

  @Test
  void theEventFlowPictureReadsOnlyTheApi() {
    noClasses()
        .that()
        .resideInAPackage("dev.msa.operator.flow..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.msa.operator.reconciler..",
            "dev.msa.operator.model..",
            "dev.msa.operator.aws..",
            "software.amazon.awssdk..")
        .because(
            "make flow draws the declared objects and what their status says; it changes nothing")
        .check(main);
  }
}
