# certflow image: the jar is built with the Maven wrapper on a JDK, then runs on a JRE as an unprivileged user.
# Build and run the whole topology with docker-compose.yml (README, "Running in production").

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
# Dependencies first, in their own layer: a change to the sources does not download them again.
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY parent/pom.xml parent/
RUN ./mvnw -B -q dependency:go-offline
COPY bpmn/ bpmn/
COPY src/ src/
RUN ./mvnw -B -q -DskipTests package

FROM eclipse-temurin:17-jre
# curl for the container health check (GET /actuator/health).
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system certflow \
    && useradd --system --gid certflow --home-dir /app --shell /usr/sbin/nologin certflow
WORKDIR /app
COPY --from=build /src/target/certflow.jar certflow.jar
USER certflow
EXPOSE 8080
ENV SPRING_PROFILES_ACTIVE=postgres
ENTRYPOINT ["java", "-jar", "certflow.jar"]
