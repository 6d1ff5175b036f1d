-- Role and databases the services expect (same as ./factory and .ci/run create).
create role aifactory login password 'aifactory' createdb;
create database aifactory owner aifactory;
create database aifactory_test owner aifactory;
